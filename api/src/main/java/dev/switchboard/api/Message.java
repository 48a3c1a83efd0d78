package dev.switchboard.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable payload travelling through a hub: text or binary, with an optional upstream
 * event id and type, and the hub's {@link Cursor} once it has entered the hub.
 *
 * <p>A message is built once and shared by every port it is delivered to, so its bytes are
 * encoded at most once: {@link #payload()} hands out read-only views of one array.
 */
public final class Message {

    /** Whether the payload is text (UTF-8 on the wire) or opaque bytes. */
    public enum Kind { TEXT, BINARY }

    private static final int PREVIEW_CHARS = 64;

    private final Kind kind;
    private final String text;
    private final byte[] bytes;
    private final String eventId;
    private final String eventType;
    private final Cursor cursor;

    private Message(Kind kind, String text, byte[] bytes, String eventId, String eventType, Cursor cursor) {
        this.kind = kind;
        this.text = text;
        this.bytes = bytes;
        this.eventId = eventId;
        this.eventType = eventType;
        this.cursor = cursor;
    }

    /** A text message. */
    public static Message text(String text) {
        Objects.requireNonNull(text, "text");
        return new Message(Kind.TEXT, text, text.getBytes(StandardCharsets.UTF_8), null, null, null);
    }

    /** A binary message holding a copy of {@code bytes}. */
    public static Message binary(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Message(Kind.BINARY, null, bytes.clone(), null, null, null);
    }

    /** A binary message holding a copy of the remaining bytes of {@code buffer}; the buffer is not moved. */
    public static Message binary(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new Message(Kind.BINARY, null, copy, null, null, null);
    }

    /** Text or binary. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is a text message. */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /**
     * The text of a text message.
     *
     * @throws IllegalStateException for a binary message
     */
    public String text() {
        if (kind != Kind.TEXT) {
            throw new IllegalStateException("binary message of " + bytes.length + " bytes has no text; use payload()");
        }
        return text;
    }

    /**
     * A fresh read-only view of the payload's bytes (UTF-8 for text). Each call returns its own
     * view, so callers may move its position freely; the bytes themselves are shared.
     */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** A copy of the payload's bytes (UTF-8 for text). */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The payload's size in bytes (UTF-8 for text). */
    public int size() {
        return bytes.length;
    }

    /** The id the upstream gave this message (an SSE {@code id:}), if any. */
    public Optional<String> eventId() {
        return Optional.ofNullable(eventId);
    }

    /** The event type the upstream gave this message (an SSE {@code event:}), if any. */
    public Optional<String> eventType() {
        return Optional.ofNullable(eventType);
    }

    /** The hub's cursor for this message; empty until the message has entered a hub. */
    public Optional<Cursor> cursor() {
        return Optional.ofNullable(cursor);
    }

    /** This message with the given upstream event id ({@code null} removes it). */
    public Message withEventId(String id) {
        return new Message(kind, text, bytes, id, eventType, cursor);
    }

    /** This message with the given upstream event type ({@code null} removes it). */
    public Message withEventType(String type) {
        return new Message(kind, text, bytes, eventId, type, cursor);
    }

    /** This message with the given hub cursor; the payload is shared, not copied. */
    public Message withCursor(Cursor newCursor) {
        return new Message(kind, text, bytes, eventId, eventType, Objects.requireNonNull(newCursor, "cursor"));
    }

    /** Whether the two messages carry the same kind and payload, ignoring ids and cursors. */
    public boolean samePayload(Message other) {
        return kind == other.kind && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Message)) {
            return false;
        }
        Message m = (Message) o;
        return samePayload(m) && Objects.equals(eventId, m.eventId)
                && Objects.equals(eventType, m.eventType) && Objects.equals(cursor, m.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(bytes), eventId, eventType, cursor);
    }

    /** A short description with a preview of the payload, safe to log. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Message{");
        if (kind == Kind.TEXT) {
            s.append("text=\"").append(text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) + "…" : text).append('"');
        } else {
            s.append("binary=").append(bytes.length).append(" bytes");
        }
        if (cursor != null) {
            s.append(", cursor=").append(cursor);
        }
        if (eventId != null) {
            s.append(", eventId=").append(eventId);
        }
        if (eventType != null) {
            s.append(", eventType=").append(eventType);
        }
        return s.append('}').toString();
    }
}
