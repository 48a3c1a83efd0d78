package dev.switchboard.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a client asks for when it attaches as a port.
 *
 * @param since  the cursor of the last message the client saw, to resume after it; empty for live only
 * @param remote a description of the client for logs and events (an address), never null
 */
public record AttachOptions(Optional<Cursor> since, String remote) {

    /** Checks the parts; a null {@code since} means none. */
    public AttachOptions {
        since = since == null ? Optional.empty() : since;
        remote = Objects.requireNonNullElse(remote, "unknown");
    }

    /** Live messages only, from an unknown client. */
    public static AttachOptions live() {
        return new AttachOptions(Optional.empty(), "unknown");
    }

    /** Live messages only, from the described client. */
    public static AttachOptions live(String remote) {
        return new AttachOptions(Optional.empty(), remote);
    }

    /** These options, resuming after {@code cursor}. */
    public AttachOptions resumingAfter(Cursor cursor) {
        return new AttachOptions(Optional.of(cursor), remote);
    }
}
