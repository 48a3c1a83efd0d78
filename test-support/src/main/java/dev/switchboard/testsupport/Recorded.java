package dev.switchboard.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a fixture saw of one kind, kept two ways: every item in arrival order (for "all of
 * them, eventually" with Awaitility) and a queue a test takes them from one at a time, with a
 * deadline that fails loudly instead of hanging.
 *
 * @param <T> what is recorded
 */
public final class Recorded<T> {

    private final String what;
    private final List<T> all = new CopyOnWriteArrayList<>();
    private final BlockingQueue<T> unread = new LinkedBlockingQueue<>();

    Recorded(String what) {
        this.what = what;
    }

    void add(T item) {
        all.add(item);
        unread.add(item);
    }

    /** Everything recorded so far, in arrival order (taking an item does not remove it here). */
    public List<T> all() {
        return List.copyOf(all);
    }

    /** How many items were recorded so far. */
    public int count() {
        return all.size();
    }

    /** Whether an item is waiting that {@link #next} has not taken. */
    public boolean hasUnread() {
        return !unread.isEmpty();
    }

    /** The next item not taken yet; fails if none comes within {@code wait}. */
    public T next(Duration wait) throws InterruptedException {
        T item = unread.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("no " + what + " within " + wait);
        }
        return item;
    }

    /** The next item not taken yet, waiting at most {@link TestClient#WAIT}. */
    public T next() throws InterruptedException {
        return next(TestClient.WAIT);
    }
}
