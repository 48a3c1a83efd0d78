package dev.switchboard.server.envelope;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The encoded form of recent messages, so that a message delivered to every port of a hub is
 * encoded once, not once per port.
 *
 * <p>A lock-free ring keyed by the message's cursor: a hit is the same message instance, which
 * the hub shares among all its ports. A port lagging more than the ring's size behind misses and
 * encodes again, which costs time, never correctness. Thread-safe.
 *
 * @param <T> the encoded form
 */
public final class EncodedOnce<T> {

    private static final int SLOTS = 4096;

    private final AtomicReferenceArray<Entry<T>> slots = new AtomicReferenceArray<>(SLOTS);
    private final Function<Message, T> encoder;

    /** Encodes with {@code encoder}, which must be thread-safe and give equal results for one message. */
    public EncodedOnce(Function<Message, T> encoder) {
        this.encoder = encoder;
    }

    private record Entry<T>(Message source, T encoded) {
    }

    /** The encoded form of {@code message}: cached when it has a cursor, encoded afresh otherwise. */
    public T get(Message message) {
        Cursor cursor = message.cursor().orElse(null);
        if (cursor == null) {
            return encoder.apply(message);
        }
        int slot = (int) (cursor.seq() % SLOTS);
        Entry<T> hit = slots.get(slot);
        if (hit != null && hit.source == message) {
            return hit.encoded;
        }
        T encoded = encoder.apply(message);
        slots.set(slot, new Entry<>(message, encoded));
        return encoded;
    }
}
