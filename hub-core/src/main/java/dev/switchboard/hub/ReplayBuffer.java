package dev.switchboard.hub;

import dev.switchboard.api.Message;
import java.util.function.Consumer;

/**
 * The newest messages, bounded by count and age, for ports that resume from a cursor.
 * Hub thread only. A ring of consecutive sequence numbers, so finding a cursor is arithmetic.
 */
final class ReplayBuffer {

    private final Message[] messages;
    private final long[] enteredAt;
    private final long maxAgeNanos;
    private int start;
    private int count;
    private long firstSeq;

    ReplayBuffer(int maxMessages, long maxAgeNanos) {
        this.messages = new Message[maxMessages];
        this.enteredAt = new long[maxMessages];
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Adds the next message; its sequence must follow the previous one's. */
    void add(Message message, long seq, long nowNanos) {
        if (messages.length == 0) {
            return;
        }
        if (count == messages.length) {
            dropOldest();
        }
        if (count == 0) {
            firstSeq = seq;
        }
        int slot = (start + count) % messages.length;
        messages[slot] = message;
        enteredAt[slot] = nowNanos;
        count++;
        evictExpired(nowNanos);
    }

    /** The sequence of the oldest message held, or {@code nextSeq} when empty. */
    long oldestSeq(long nextSeq, long nowNanos) {
        evictExpired(nowNanos);
        return count == 0 ? nextSeq : firstSeq;
    }

    /** Hands every held message with a sequence above {@code afterSeq} to {@code sink}, oldest first. */
    void forEachAfter(long afterSeq, Consumer<Message> sink) {
        long from = Math.max(afterSeq + 1, firstSeq);
        for (long seq = from; seq < firstSeq + count; seq++) {
            sink.accept(messages[(int) ((start + (seq - firstSeq)) % messages.length)]);
        }
    }

    /** Forgets every message; the next one added starts a new run of sequences. */
    void clear() {
        while (count > 0) {
            dropOldest();
        }
    }

    int size() {
        return count;
    }

    private void evictExpired(long nowNanos) {
        while (count > 0 && nowNanos - enteredAt[start] > maxAgeNanos) {
            dropOldest();
        }
    }

    private void dropOldest() {
        messages[start] = null;
        start = (start + 1) % messages.length;
        count--;
        firstSeq++;
    }
}
