package dev.switchboard.api.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CallbackGateTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> executor = new ArrayDeque<>();
    private final AtomicInteger releases = new AtomicInteger();
    private final Connection connection = new Connection();

    private CallbackGate gate(UpstreamListener listener) {
        return new CallbackGate(connection, listener, executor::add, releases::incrementAndGet);
    }

    private CallbackGate gate() {
        return gate(new Recording(m -> { }));
    }

    private void runExecutor() {
        Runnable task;
        while ((task = executor.poll()) != null) {
            task.run();
        }
    }

    @Test
    void callbacksArriveInOrderAndNothingBeforeOnOpenOrAfterTheEnd() {
        CallbackGate gate = gate();
        gate.message(Message.text("too early"));
        gate.retryAdvice(Duration.ofSeconds(1));
        assertThat(gate.isOpen()).isFalse();

        gate.open();
        assertThat(gate.isOpen()).isTrue();
        gate.message(Message.text("one"));
        gate.retryAdvice(Duration.ofSeconds(2));
        assertThat(gate.end(new Ending.Closed(1000, "bye"))).isTrue();
        gate.message(Message.text("too late"));
        gate.open();

        assertThat(events).containsExactly("open", "message one", "retry PT2S", "closed 1000 bye");
        assertThat(gate.isOpen()).isFalse();
        assertThat(gate.isEnded()).isTrue();
    }

    @Test
    void theFirstEndWinsAndReleasesOnce() {
        CallbackGate gate = gate();
        gate.open();

        assertThat(gate.end(new Ending.Failed(new IOException("first")))).isTrue();
        assertThat(gate.end(new Ending.Closed(1000, "second"))).isFalse();
        assertThat(gate.endFromCaller(new Ending.Failed(new IOException("third")))).isFalse();
        runExecutor();

        assertThat(events).containsExactly("open", "failure first");
        assertThat(releases).hasValue(1);
    }

    @Test
    void anEndFromACallerIsDeliveredOnTheExecutorNotOnTheCallingThread() {
        CallbackGate gate = gate();
        gate.open();

        assertThat(gate.endFromCaller(new Ending.Failed(new IOException("cancelled")))).isTrue();
        assertThat(events).containsExactly("open");
        assertThat(gate.isOpen()).as("no send is accepted once the end is claimed").isFalse();
        assertThat(releases).as("released at the claim, not at the delivery").hasValue(1);
        gate.message(Message.text("claimed meanwhile"));

        runExecutor();
        assertThat(events).containsExactly("open", "failure cancelled");
    }

    @Test
    void anExecutorThatRefusesMakesTheCallerDeliver() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        CallbackGate gate = new CallbackGate(connection, new Recording(m -> { }), refusing, releases::incrementAndGet);
        gate.open();

        gate.endFromCaller(new Ending.Closed(1000, "closing"));

        assertThat(events).containsExactly("open", "closed 1000 closing");
    }

    @Test
    void aCloseByTheClientIsAFailureBeforeOnOpenAndOnClosedAfter() {
        IOException beforeOpen = new IOException("closed before it opened");
        CallbackGate early = gate();
        early.endFromCaller(new Ending.ClosedByClient(1000, "closed by the client", beforeOpen));
        early.open();
        runExecutor();
        assertThat(events).containsExactly("failure closed before it opened");

        events.clear();
        CallbackGate late = gate();
        late.open();
        late.endFromCaller(new Ending.ClosedByClient(1000, "closed by the client", beforeOpen));
        runExecutor();
        assertThat(events).containsExactly("open", "closed 1000 closed by the client");
    }

    @Test
    void aThrowingOnMessageEndsTheConnectionWithItsExceptionAheadOfAnythingQueued() {
        IllegalStateException boom = new IllegalStateException("listener bug");
        CallbackGate gate = gate(new Recording(m -> {
            if (m.text().equals("first")) {
                throw boom;
            }
        }));
        gate.open();

        gate.message(Message.text("first"));
        gate.message(Message.text("second"));
        assertThat(gate.end(new Ending.Closed(1000, "later"))).isFalse();

        assertThat(events).containsExactly("open", "message first", "failure listener bug");
        assertThat(connection.failures).containsExactly(boom);
        assertThat(releases).hasValue(1);
    }

    @Test
    void aThrowingOnOpenEndsTheConnectionWithItsException() {
        AssertionError boom = new AssertionError("bug in onOpen");
        CallbackGate gate = gate(new Recording(m -> { }) {
            @Override
            public void onOpen(UpstreamConnection c) {
                super.onOpen(c);
                throw boom;
            }
        });

        gate.open();
        gate.message(Message.text("never delivered"));

        assertThat(events).containsExactly("open", "failure bug in onOpen");
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void aThrowingFinalCallbackIsSwallowedAndNothingFollows() {
        CallbackGate gate = gate(new Recording(m -> { }) {
            @Override
            public void onClosed(UpstreamConnection c, int code, String reason) {
                super.onClosed(c, code, reason);
                throw new IllegalStateException("bug in onClosed");
            }
        });
        gate.open();

        gate.end(new Ending.Closed(1000, "bye"));
        gate.end(new Ending.Failed(new IOException("after")));

        assertThat(events).containsExactly("open", "closed 1000 bye");
    }

    @Test
    void aThrowingReleaseIsLoggedAndTheFinalCallbackStillComes() {
        CallbackGate gate = new CallbackGate(connection, new Recording(m -> { }), executor::add, () -> {
            throw new IllegalStateException("socket already gone");
        });
        gate.open();

        assertThat(gate.end(new Ending.Closed(1000, "bye"))).isTrue();

        assertThat(events).containsExactly("open", "closed 1000 bye");
    }

    @Test
    void callbacksFromSeveralThreadsNeverOverlapAndEachThreadKeepsItsOrder() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CallbackGate gate = gate(new Recording(m -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            inside.decrementAndGet();
        }));
        gate.open();
        int threads = 4;
        int perThread = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread producer = new Thread(() -> {
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    gate.message(Message.text(id + ":" + i));
                }
            });
            producer.start();
            producers.add(producer);
        }
        go.countDown();
        for (Thread producer : producers) {
            producer.join(10_000);
        }

        assertThat(overlaps).hasValue(0);
        int[] next = new int[threads];
        for (String event : events.subList(1, events.size())) {
            String[] parts = event.substring("message ".length()).split(":");
            int id = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("order of thread %s", id).isEqualTo(next[id]++);
        }
        assertThat(next).containsOnly(perThread);
    }

    /** Records callbacks as short strings. */
    private class Recording implements UpstreamListener {
        private final Consumer<Message> onMessage;

        Recording(Consumer<Message> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public void onOpen(UpstreamConnection c) {
            events.add("open");
        }

        @Override
        public void onMessage(UpstreamConnection c, Message message) {
            events.add("message " + message.text());
            onMessage.accept(message);
        }

        @Override
        public void onRetryAdvice(UpstreamConnection c, Duration delay) {
            events.add("retry " + delay);
        }

        @Override
        public void onClosed(UpstreamConnection c, int code, String reason) {
            events.add("closed " + code + " " + reason);
        }

        @Override
        public void onFailure(UpstreamConnection c, Throwable cause) {
            events.add("failure " + cause.getMessage());
            connection.failures.add(cause);
        }
    }

    private static final class Connection implements UpstreamConnection {
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public URI uri() {
            return URI.create("test://gate");
        }

        @Override
        public boolean send(Message message) {
            return false;
        }

        @Override
        public void close() {
        }

        @Override
        public void cancel() {
        }

        @Override
        public String toString() {
            return "test connection";
        }
    }
}
