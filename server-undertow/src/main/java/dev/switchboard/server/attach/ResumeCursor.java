package dev.switchboard.server.attach;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import java.util.Optional;

/**
 * How a port attaches when its client names a cursor to resume after ({@code ?since=} on
 * WebSocket, {@code Last-Event-ID} on SSE): after that cursor when it reads, or live with the
 * reason it does not, for the protocol to tell the client right after the welcome.
 *
 * @param options how to attach
 * @param problem why the cursor was not used, if one was given and does not read
 */
public record ResumeCursor(AttachOptions options, Optional<String> problem) {

    /** Reads {@code since} (null or blank for none) for a client at {@code remote}. */
    public static ResumeCursor read(String remote, String since) {
        AttachOptions live = AttachOptions.live(remote);
        if (since == null || since.isBlank()) {
            return new ResumeCursor(live, Optional.empty());
        }
        try {
            return new ResumeCursor(live.resumingAfter(Cursor.parse(since.strip())), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new ResumeCursor(live, Optional.of(e.getMessage()));
        }
    }
}
