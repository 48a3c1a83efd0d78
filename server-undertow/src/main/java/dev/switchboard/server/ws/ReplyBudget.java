package dev.switchboard.server.ws;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replies one envelope connection owes its client: a {@code send} counts from the moment it is
 * read until its {@code ack} or {@code error} is written (or it turns out to need none), any other
 * reply while it waits to be written. This is flow control, not a punishment: at the high-water
 * mark the connection stops reading the client's frames, so a client that pipelines sends simply
 * waits in its own TCP buffers; at the low-water mark reading resumes. A client is ended only if
 * reading stayed paused for the whole deadline (it does not read its replies), or if the replies
 * owed pass the hard bound (frames that were already read when reading paused go past the mark).
 *
 * <p>Thread-safe: {@link #take} is called on the I/O thread, {@link #give} wherever a reply's
 * write or a send's outcome completes. The count is atomic; pausing and resuming happen under
 * one lock that reads the count afresh, so that a pause and a resume racing from two threads
 * can never leave reading paused with nothing left owed (the connection would stall).
 */
final class ReplyBudget {

    /** What the budget does to its connection; a {@link ClientSocket} and a port in production. */
    interface Connection {
        /** Stops or restarts reading the client's frames. */
        void pauseReading(boolean pause);

        /** Runs {@code task} once after {@code delay}. */
        void after(Duration delay, Runnable task);

        /** Ends the client as too slow, saying why. */
        void endSlow(String detail);
    }

    private final int high;
    private final int low;
    private final int hard;
    private final Duration deadline;
    private final Connection connection;
    private final AtomicInteger owed = new AtomicInteger();
    private final Object lock = new Object();
    /** Whether reading is paused; guarded by {@link #lock}. */
    private boolean paused;
    /** Counts pauses, so a deadline set for an earlier pause does nothing; guarded by {@link #lock}. */
    private int pauses;
    private final AtomicBoolean ended = new AtomicBoolean();

    ReplyBudget(int high, int low, int hard, Duration deadline, Connection connection) {
        if (low < 0 || low >= high || hard < high) {
            throw new IllegalArgumentException("reply marks low " + low + ", high " + high + ", hard " + hard
                    + " must satisfy 0 <= low < high <= hard");
        }
        this.high = high;
        this.low = low;
        this.hard = hard;
        this.deadline = deadline;
        this.connection = connection;
    }

    /**
     * Counts one reply owed.
     *
     * @return false when the hard bound is passed; the client is then being ended and nothing is owed
     */
    boolean take() {
        int now = owed.incrementAndGet();
        if (now > hard) {
            owed.decrementAndGet();
            end("the client does not read its replies: " + hard + " ack and error envelopes were owed to it");
            return false;
        }
        if (now >= high) {
            adjust();
        }
        return true;
    }

    /** One reply owed is written, failed, or turned out not to be needed. */
    void give() {
        int now = owed.decrementAndGet();
        if (now <= low) {
            adjust();
        }
    }

    /** Pauses or resumes as the count is now; the pause and resume calls reach the connection in the order decided. */
    private void adjust() {
        synchronized (lock) {
            int now = owed.get();
            if (!paused && now >= high) {
                paused = true;
                int pause = ++pauses;
                connection.pauseReading(true);
                connection.after(deadline, () -> expire(pause));
            } else if (paused && now <= low) {
                paused = false;
                connection.pauseReading(false);
            }
        }
    }

    private void expire(int pause) {
        boolean stillPaused;
        synchronized (lock) {
            stillPaused = paused && pauses == pause;
        }
        if (stillPaused) {
            end("the client does not read its replies: " + owed.get() + " ack and error envelopes"
                    + " waited longer than " + deadline.toMillis() + " ms to be written");
        }
    }

    /** Replies owed now; for tests and the status of the connection. */
    int owed() {
        return owed.get();
    }

    /** Whether reading is paused now. */
    boolean paused() {
        synchronized (lock) {
            return paused;
        }
    }

    private void end(String detail) {
        if (ended.compareAndSet(false, true)) {
            connection.endSlow(detail);
        }
    }
}
