package dev.switchboard.transport.tck;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An {@link UpstreamListener} that records every callback for a test to expect, and checks the
 * lifecycle rules written on {@link UpstreamListener} while it records.
 *
 * <p>The {@code expect...} methods take the next recorded callback, waiting at most the
 * recorder's patience, and fail with everything received so far when it is missing or of
 * another kind. {@code onRetryAdvice} callbacks are kept aside in {@link #retryAdvice()} so that
 * they never get in the way of an expected message.
 *
 * <p>Rule breaks found while recording are kept as {@link #violations()} rather than thrown,
 * because an exception thrown into a transport's thread would be reported as a listener
 * failure instead of reaching the test. Call {@link #assertNoViolations()} at the end of a test
 * (the {@link TransportCompatibilityKit} does it after every check). The checks:
 * <ul>
 *   <li>the first callback is {@code onOpen} or {@code onFailure}, and {@code onOpen} comes at most once;</li>
 *   <li>nothing follows {@code onClosed} or {@code onFailure};</li>
 *   <li>no two callbacks run at the same time;</li>
 *   <li>every callback passes the connection that {@code connect()} returned
 *       (once it is known through {@link #expectConnection}).</li>
 * </ul>
 *
 * <pre>{@code
 * ListenerRecorder events = new ListenerRecorder();
 * UpstreamConnection connection = provider.connect(request, events);
 * events.expectConnection(connection);
 * events.expectOpen();
 * assertThat(events.expectMessage().text()).isEqualTo("hello");
 * connection.close();
 * events.expectFinal();
 * events.assertNoViolations();
 * }</pre>
 */
public final class ListenerRecorder implements UpstreamListener {

    /** How long {@code expect...} methods wait unless told otherwise. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(5);

    private final Duration patience;
    private final BlockingQueue<RecordedEvent> pending = new LinkedBlockingQueue<>();
    private final List<RecordedEvent> history = new CopyOnWriteArrayList<>();
    private final List<Duration> retryAdvice = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger callbacksRunning = new AtomicInteger();
    private final CountDownLatch finalSeen = new CountDownLatch(1);
    private final Object rulesLock = new Object();

    private volatile UpstreamConnection expectedConnection;
    private volatile Consumer<UpstreamConnection> onOpenDo = connection -> { };
    private volatile Consumer<Message> onMessageDo = message -> { };
    private volatile Consumer<RecordedEvent> onFinalDo = event -> { };
    private boolean opened; // guarded by rulesLock
    private RecordedEvent finalEvent; // guarded by rulesLock

    /** A recorder whose {@code expect...} methods wait up to {@link #DEFAULT_PATIENCE}. */
    public ListenerRecorder() {
        this(DEFAULT_PATIENCE);
    }

    /** A recorder whose {@code expect...} methods wait up to {@code patience}. */
    public ListenerRecorder(Duration patience) {
        this.patience = patience;
    }

    /**
     * Runs {@code action} inside {@code onOpen}, after recording it, on the transport's thread,
     * with the connection the callback passed. It may call the connection (send, close) or throw,
     * to check what the transport does with a listener that does.
     */
    public ListenerRecorder onOpenDo(Consumer<UpstreamConnection> action) {
        onOpenDo = action;
        return this;
    }

    /**
     * Runs {@code action} inside every {@code onMessage}, after recording it, on the transport's
     * thread; for example waiting on a latch to hold the callback open while the test calls
     * {@code close()} from another thread. It may throw.
     */
    public ListenerRecorder onMessageDo(Consumer<Message> action) {
        onMessageDo = action;
        return this;
    }

    /** Runs {@code action} inside the final callback ({@code onClosed} or {@code onFailure}), after recording it; it may throw. */
    public ListenerRecorder onFinalDo(Consumer<RecordedEvent> action) {
        onFinalDo = action;
        return this;
    }

    /**
     * Tells the recorder which connection {@code connect()} returned, so that it can check every
     * callback passes that one, including callbacks that came before this call.
     */
    public void expectConnection(UpstreamConnection connection) {
        expectedConnection = connection;
        for (RecordedEvent event : history) {
            checkConnection(event);
        }
    }

    // ---- UpstreamListener ----

    @Override
    public void onOpen(UpstreamConnection connection) {
        Consumer<UpstreamConnection> action = onOpenDo;
        callback(RecordedEvent.open(connection), () -> action.accept(connection));
    }

    @Override
    public void onMessage(UpstreamConnection connection, Message message) {
        Consumer<Message> action = onMessageDo;
        callback(RecordedEvent.message(connection, message), () -> action.accept(message));
    }

    @Override
    public void onRetryAdvice(UpstreamConnection connection, Duration delay) {
        callback(RecordedEvent.retryAdvice(connection, delay), () -> { });
    }

    @Override
    public void onClosed(UpstreamConnection connection, int code, String reason) {
        finalCallback(RecordedEvent.closed(connection, code, reason));
    }

    @Override
    public void onFailure(UpstreamConnection connection, Throwable cause) {
        finalCallback(RecordedEvent.failure(connection, cause));
    }

    private void finalCallback(RecordedEvent event) {
        Consumer<RecordedEvent> action = onFinalDo;
        callback(event, () -> action.accept(event));
    }

    private void callback(RecordedEvent event, Runnable thenRun) {
        // The counter spans the whole callback, so an overlap anywhere inside is noticed.
        if (callbacksRunning.incrementAndGet() > 1) {
            violation(event + " on thread " + event.thread() + " ran while another callback was still running;"
                    + " callbacks for one connection must come one at a time");
        }
        try {
            record(event);
            thenRun.run();
        } finally {
            callbacksRunning.decrementAndGet();
        }
    }

    private void record(RecordedEvent event) {
        synchronized (rulesLock) {
            if (finalEvent != null) {
                violation(event + " came after the final callback " + finalEvent + "; nothing may follow a final callback");
            } else if (!opened && event.kind() != RecordedEvent.Kind.OPEN && event.kind() != RecordedEvent.Kind.FAILURE) {
                violation(event + " came before onOpen; the first callback must be onOpen or onFailure");
            } else if (opened && event.kind() == RecordedEvent.Kind.OPEN) {
                violation("onOpen came twice; it may come at most once");
            }
            opened |= event.kind() == RecordedEvent.Kind.OPEN;
            if (event.isFinal() && finalEvent == null) {
                finalEvent = event;
            }
            history.add(event);
        }
        checkConnection(event);
        if (event.kind() == RecordedEvent.Kind.RETRY_ADVICE) {
            retryAdvice.add(event.retryDelay());
        } else {
            pending.add(event);
        }
        if (event.isFinal()) {
            finalSeen.countDown();
        }
    }

    private void checkConnection(RecordedEvent event) {
        UpstreamConnection expected = expectedConnection;
        if (expected != null && event.connection() != expected) {
            violation(event + " passed connection " + event.connection() + " instead of " + expected
                    + ", the one connect() returned");
        }
    }

    private void violation(String text) {
        violations.add(text);
    }

    // ---- expectations ----

    /** Takes the next callback, failing if none comes within the patience. */
    public RecordedEvent next() {
        return next("any callback");
    }

    private RecordedEvent next(String wanted) {
        RecordedEvent event;
        try {
            event = pending.poll(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + wanted, e);
        }
        if (event == null) {
            throw new AssertionError("expected " + wanted + " within " + patience + " but no callback came; "
                    + "callbacks so far: " + history);
        }
        return event;
    }

    private RecordedEvent expect(RecordedEvent.Kind kind, String wanted) {
        RecordedEvent event = next(wanted);
        if (event.kind() != kind) {
            throw unexpected(wanted, event);
        }
        return event;
    }

    private AssertionError unexpected(String wanted, RecordedEvent event) {
        // Carry an unexpected failure's cause, so the test report shows the transport's stack trace.
        return new AssertionError("expected " + wanted + " but got " + event + "; callbacks so far: " + history,
                event.cause());
    }

    /** Expects {@code onOpen} next and returns the connection it passed. */
    public UpstreamConnection expectOpen() {
        return expect(RecordedEvent.Kind.OPEN, "onOpen").connection();
    }

    /** Expects {@code onMessage} next and returns its message. */
    public Message expectMessage() {
        return expect(RecordedEvent.Kind.MESSAGE, "onMessage").message();
    }

    /** Expects {@code count} messages next and returns them in arrival order. */
    public List<Message> expectMessages(int count) {
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(expect(RecordedEvent.Kind.MESSAGE, "onMessage number " + (i + 1) + " of " + count).message());
        }
        return messages;
    }

    /**
     * Expects a final callback, skipping any {@code onOpen} and messages before it, and returns
     * it. Use it when a test does not care whether the connection opened or how many messages
     * were still in flight; the order rules are still checked while recording.
     */
    public RecordedEvent expectFinal() {
        while (true) {
            RecordedEvent event = next("onClosed or onFailure");
            if (event.isFinal()) {
                return event;
            }
        }
    }

    /** Expects {@code onFailure} next, skipping {@code onOpen} and messages before it, and returns its cause. */
    public Throwable expectFailure() {
        RecordedEvent event = expectFinal();
        if (event.kind() != RecordedEvent.Kind.FAILURE) {
            throw unexpected("onFailure", event);
        }
        return event.cause();
    }

    /** Expects {@code onClosed} next, skipping {@code onOpen} and messages before it, and returns it. */
    public RecordedEvent expectClosed() {
        RecordedEvent event = expectFinal();
        if (event.kind() != RecordedEvent.Kind.CLOSED) {
            throw unexpected("onClosed", event);
        }
        return event;
    }

    /** Fails if any callback (retry advice aside) comes within {@code quiet}. */
    public void assertNoMoreEvents(Duration quiet) {
        RecordedEvent event;
        try {
            event = pending.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking for stray callbacks", e);
        }
        if (event != null) {
            throw new AssertionError("expected no more callbacks for " + quiet + " but got " + event
                    + "; callbacks so far: " + history, event.cause());
        }
    }

    /** Waits up to {@code timeout} for a final callback, whether or not a test took it; true if one came. */
    public boolean awaitFinal(Duration timeout) {
        try {
            return finalSeen.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether a final callback has come. */
    public boolean hasFinished() {
        return finalSeen.getCount() == 0;
    }

    /** Every callback so far, in order, retry advice included. */
    public List<RecordedEvent> history() {
        return List.copyOf(history);
    }

    /** The delays of every {@code onRetryAdvice} so far. */
    public List<Duration> retryAdvice() {
        return List.copyOf(retryAdvice);
    }

    /** The lifecycle rule breaks seen so far, each a sentence. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Fails listing every lifecycle rule break seen so far. */
    public void assertNoViolations() {
        if (!violations.isEmpty()) {
            throw new AssertionError("the transport broke the UpstreamListener lifecycle rules:\n  - "
                    + String.join("\n  - ", violations) + "\ncallbacks: " + history);
        }
    }
}
