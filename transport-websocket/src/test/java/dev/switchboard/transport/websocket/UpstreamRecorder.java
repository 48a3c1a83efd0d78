package dev.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Records listener callbacks in a queue for tests to take in order, each with a deadline that
 * fails loudly with everything seen so far. It also checks the lifecycle rules on every call
 * (first callback, nothing after a final one, never two callbacks at once) and keeps the
 * breaches for {@link #assertNoViolations()}.
 */
class UpstreamRecorder implements UpstreamListener {

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    sealed interface Event {
    }

    record Opened(UpstreamConnection connection) implements Event {
    }

    record Received(Message message) implements Event {
    }

    record Closed(int code, String reason) implements Event {
    }

    record Failed(Throwable cause) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> taken = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger finals = new AtomicInteger();
    private volatile boolean first;
    private volatile boolean opened;
    private volatile Consumer<UpstreamConnection> openHook = c -> { };
    private volatile Consumer<Message> messageHook = m -> { };

    /** Runs {@code hook} inside {@code onOpen}, after recording it; it may throw. */
    UpstreamRecorder onOpenDo(Consumer<UpstreamConnection> hook) {
        openHook = hook;
        return this;
    }

    /** Runs {@code hook} inside {@code onMessage}, after recording it; it may throw. */
    UpstreamRecorder onMessageDo(Consumer<Message> hook) {
        messageHook = hook;
        return this;
    }

    @Override
    public void onOpen(UpstreamConnection connection) {
        enter("onOpen");
        try {
            if (first) {
                violations.add("onOpen was not the first callback");
            }
            first = true;
            opened = true;
            events.add(new Opened(connection));
            openHook.accept(connection);
        } finally {
            exit();
        }
    }

    @Override
    public void onMessage(UpstreamConnection connection, Message message) {
        enter("onMessage");
        try {
            if (!opened) {
                violations.add("onMessage before onOpen: " + message);
            }
            if (finals.get() > 0) {
                violations.add("onMessage after a final callback: " + message);
            }
            events.add(new Received(message));
            messageHook.accept(message);
        } finally {
            exit();
        }
    }

    @Override
    public void onClosed(UpstreamConnection connection, int code, String reason) {
        enter("onClosed");
        try {
            if (!first) {
                violations.add("onClosed was the first callback; rule 1 wants onOpen or onFailure");
            }
            recordFinal(new Closed(code, reason));
        } finally {
            exit();
        }
    }

    @Override
    public void onFailure(UpstreamConnection connection, Throwable cause) {
        enter("onFailure");
        try {
            first = true;
            recordFinal(new Failed(cause));
        } finally {
            exit();
        }
    }

    private void recordFinal(Event event) {
        if (finals.incrementAndGet() > 1) {
            violations.add("second final callback: " + event);
        }
        events.add(event);
    }

    private void enter(String callback) {
        if (inside.incrementAndGet() != 1) {
            violations.add(callback + " ran while another callback was running, on " + Thread.currentThread().getName());
        }
    }

    private void exit() {
        inside.decrementAndGet();
    }

    /** The next callback, waiting up to {@code wait}; fails if none comes. */
    Event next(Duration wait) {
        Event e;
        try {
            e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a callback", ie);
        }
        if (e == null) {
            fail("no callback within %s; callbacks taken so far: %s", wait, taken);
        }
        taken.add(e);
        return e;
    }

    UpstreamConnection expectOpen() {
        return expect(Opened.class, DEFAULT_WAIT).connection();
    }

    Message expectMessage() {
        return expect(Received.class, DEFAULT_WAIT).message();
    }

    Closed expectClosed() {
        return expect(Closed.class, DEFAULT_WAIT);
    }

    Throwable expectFailure() {
        return expectFailure(DEFAULT_WAIT);
    }

    Throwable expectFailure(Duration wait) {
        return expect(Failed.class, wait).cause();
    }

    /** The next callback, which must be a final one. */
    Event expectFinal() {
        Event e = next(DEFAULT_WAIT);
        assertThat(e).as("expected a final callback; taken so far: %s", taken)
                .isInstanceOfAny(Closed.class, Failed.class);
        return e;
    }

    private <T extends Event> T expect(Class<T> type, Duration wait) {
        Event e = next(wait);
        if (!type.isInstance(e)) {
            fail("expected %s but got %s; taken so far: %s", type.getSimpleName(), e, taken);
        }
        return type.cast(e);
    }

    /** Fails if any callback arrives within {@code quiet}. */
    void expectNoMoreEvents(Duration quiet) {
        Event e;
        try {
            e = events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ie);
        }
        if (e != null) {
            fail("expected no more callbacks but got %s; taken before: %s", e, taken);
        }
    }

    void assertNoViolations() {
        assertThat(violations).as("lifecycle rule violations").isEmpty();
    }
}
