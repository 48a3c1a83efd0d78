package dev.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ListenerRecorderTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    private final UpstreamConnection connection = new FakeConnection();

    @Test
    @DisplayName("expectations pass for a well-behaved sequence and leave no violations")
    void wellBehavedSequence() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.expectConnection(connection);
        events.onOpen(connection);
        events.onRetryAdvice(connection, Duration.ofSeconds(3));
        events.onMessage(connection, Message.text("a"));
        events.onClosed(connection, 1000, "bye");

        events.expectOpen();
        assertThat(events.expectMessage().text()).isEqualTo("a");
        assertThat(events.expectClosed().code()).isEqualTo(1000);
        events.assertNoMoreEvents(SHORT);
        assertThat(events.retryAdvice()).containsExactly(Duration.ofSeconds(3));
        events.assertNoViolations();
    }

    @Test
    @DisplayName("a missing callback fails loudly with what was received")
    void missingCallbackFailsWithHistory() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.onOpen(connection);
        events.expectOpen();
        assertThatThrownBy(events::expectMessage)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected onMessage within PT0.2S")
                .hasMessageContaining("[onOpen]");
    }

    @Test
    @DisplayName("an unexpected failure carries its cause")
    void unexpectedFailureCarriesCause() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        IOException refused = new IOException("refused");
        events.onFailure(connection, refused);
        assertThatThrownBy(events::expectOpen).hasMessageContaining("but got onFailure").hasCause(refused);
    }

    @Test
    @DisplayName("anything after a final callback is a violation")
    void callbackAfterFinalIsViolation() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.onOpen(connection);
        events.onClosed(connection, 1000, "");
        events.onMessage(connection, Message.text("late"));
        events.onFailure(connection, new IOException("late"));
        assertThat(events.violations()).hasSize(2).allSatisfy(v -> assertThat(v).contains("after the final callback"));
        assertThatThrownBy(events::assertNoViolations).hasMessageContaining("lifecycle rules");
    }

    @Test
    @DisplayName("a first callback other than onOpen or onFailure is a violation")
    void wrongFirstCallbackIsViolation() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.onClosed(connection, 1000, "");
        assertThat(events.violations()).singleElement().asString().contains("before onOpen");
    }

    @Test
    @DisplayName("a second onOpen is a violation")
    void secondOpenIsViolation() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.onOpen(connection);
        events.onOpen(connection);
        assertThat(events.violations()).singleElement().asString().contains("twice");
    }

    @Test
    @DisplayName("a callback passing another connection is a violation, also one recorded before expectConnection")
    void wrongConnectionIsViolation() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.onOpen(new FakeConnection());
        events.expectConnection(connection);
        assertThat(events.violations()).singleElement().asString().contains("the one connect() returned");
    }

    @Test
    @DisplayName("overlapping callbacks are a violation")
    void overlappingCallbacksAreViolation() throws Exception {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        events.expectConnection(connection);
        events.onOpen(connection);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The wrong connection makes the recorder describe it, and describing it blocks: that
        // holds the first callback open while a second one comes in on this thread.
        Thread first = new Thread(() -> events.onMessage(new BlockingConnection(inside, release), Message.text("slow")));
        first.start();
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        events.onMessage(connection, Message.text("fast"));
        release.countDown();
        first.join(5000);
        assertThat(events.violations()).anySatisfy(v -> assertThat(v).contains("while another callback"));
    }

    @Test
    @DisplayName("a configured exception is thrown from onMessage after recording")
    void throwsConfiguredException() {
        RuntimeException boom = new IllegalStateException("boom");
        ListenerRecorder events = new ListenerRecorder(SHORT).onMessageDo(message -> {
            throw boom;
        });
        events.onOpen(connection);
        assertThatThrownBy(() -> events.onMessage(connection, Message.text("x"))).isSameAs(boom);
        events.expectOpen();
        events.expectMessage();
    }

    @Test
    @DisplayName("awaitFinal sees a final callback even after a test took it")
    void awaitFinalSeesTakenFinal() {
        ListenerRecorder events = new ListenerRecorder(SHORT);
        assertThat(events.awaitFinal(Duration.ZERO)).isFalse();
        events.onFailure(connection, new IOException("x"));
        events.expectFailure();
        assertThat(events.awaitFinal(Duration.ZERO)).isTrue();
        assertThat(events.hasFinished()).isTrue();
    }

    /** A connection that does nothing. */
    private static class FakeConnection implements UpstreamConnection {
        @Override
        public URI uri() {
            return URI.create("fake://tck");
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
    }

    /** A connection whose description blocks until released, to hold a callback open. */
    private static final class BlockingConnection extends FakeConnection {
        private final CountDownLatch inside;
        private final CountDownLatch release;

        BlockingConnection(CountDownLatch inside, CountDownLatch release) {
            this.inside = inside;
            this.release = release;
        }

        @Override
        public String toString() {
            inside.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "blocking connection";
        }
    }
}
