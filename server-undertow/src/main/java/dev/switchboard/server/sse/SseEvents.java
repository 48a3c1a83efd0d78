package dev.switchboard.server.sse;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.server.envelope.EncodedOnce;
import dev.switchboard.server.envelope.EnvelopeEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes one hub's items as Server-Sent Events ({@code docs/protocol.md}, "SSE ports"):
 * <ul>
 *   <li>a text message: {@code id: CURSOR}, then one {@code data:} line per line of the text, with
 *       the default event type, so {@code EventSource.onmessage} sees it;</li>
 *   <li>a binary message: {@code id: CURSOR}, {@code event: binary} and the payload in base64;</li>
 *   <li>welcome, status, gap and error: a named event whose data is the JSON envelope;</li>
 *   <li>the heartbeat: the comment line {@code : ping}, on its own.</li>
 * </ul>
 *
 * <p>Every field is written as {@code name: value}, with one space after the colon. A reader removes
 * exactly one space there, so a line of text that itself starts with a space keeps it. A line ends
 * at LF, CR or CRLF for any SSE reader, so text is split at each of them and the reader joins the
 * lines with LF: a message's CR and CRLF line ends arrive as LF, the one change SSE forces on text.
 *
 * <p>A message's event is the same for every port, so it is encoded once ({@link EncodedOnce}) and
 * the same bytes go to every port that delivers it. Thread-safe.
 */
public final class SseEvents {

    /**
     * The heartbeat: a comment line, which every SSE reader skips, and a blank line, so that it
     * stands alone even for hand-written readers that split the stream into blocks at blank lines
     * (a blank line with no data before it dispatches nothing).
     */
    static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private final EnvelopeEncoder envelopes;
    private final EncodedOnce<byte[]> messages = new EncodedOnce<>(SseEvents::encodeMessage);

    /** The events of hub {@code hubName}. */
    public SseEvents(String hubName) {
        this.envelopes = new EnvelopeEncoder(hubName);
    }

    /**
     * The event for one item from the hub, as UTF-8 bytes ending with the blank line that
     * dispatches it. The returned array may be shared: never change it.
     */
    public byte[] encode(Downstream item) {
        if (item instanceof Downstream.Data data) {
            return message(data.message());
        }
        String name;
        if (item instanceof Downstream.Welcome) {
            name = "welcome";
        } else if (item instanceof Downstream.Status) {
            name = "status";
        } else if (item instanceof Downstream.Gap) {
            name = "gap";
        } else {
            throw new IllegalArgumentException("no SSE event for " + item);
        }
        return event(name, null, envelopes.encode(item).text());
    }

    /** The {@code welcome} event of one port, carrying the secret its posts must show. */
    public byte[] welcome(Downstream.Welcome welcome, String secret) {
        return event("welcome", null, envelopes.welcome(welcome, secret).text());
    }

    /** The {@code error} event, whose data is the error envelope with this code and message. */
    public byte[] error(String code, String text) {
        return event("error", null, envelopes.error(code, text, null).text());
    }

    /** The event of an upstream message, encoded once and shared. */
    byte[] message(Message message) {
        return messages.get(message);
    }

    private static byte[] encodeMessage(Message message) {
        String id = message.cursor().map(Cursor::toString).orElse(null);
        if (message.isText()) {
            return event(null, id, message.text());
        }
        return event("binary", id, Base64.getEncoder().encodeToString(message.toByteArray()));
    }

    /**
     * One event: the optional {@code id:} and {@code event:} fields, a {@code data:} line for each
     * line of {@code data}, and the blank line that ends it.
     */
    static byte[] event(String name, String id, String data) {
        StringBuilder out = new StringBuilder(data.length() + 64);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (name != null) {
            out.append("event: ").append(name).append('\n');
        }
        out.append("data: ");
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r') {
                if (i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                out.append("\ndata: ");
            } else if (c == '\n') {
                out.append("\ndata: ");
            } else {
                out.append(c);
            }
        }
        out.append("\n\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
