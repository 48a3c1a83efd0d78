package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.HubHarness.Attached;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The bound on what the upstream connection holds unwritten (upstream-buffer), the deadline
 * for an upstream that reads nothing (upstream-drain-timeout), and the hard close of a
 * connection whose goodbye never finishes. In virtual time, on the in-memory origin, whose
 * {@code reading(false)} keeps sends in the connection's buffer like a peer that stopped reading.
 */
class UpstreamBufferTest {

    private static final Message FORTY = Message.text("x".repeat(40));

    private static SendResult resultOf(HubHarness h, CompletionStage<SendResult> stage) {
        h.scheduler.runUntilIdle();
        return stage.toCompletableFuture().getNow(null);
    }

    private static HubHarness bounded() {
        return new HubHarness(b -> b.settings(s -> s.upstreamBuffer(100).upstreamDrainTimeout(Duration.ofSeconds(30))));
    }

    /** Stops the origin reading, fills the 100-byte buffer with 80 bytes, and has the next send refused. */
    private static void fillAndGetRefused(HubHarness h, Attached a) {
        h.origin.reading(false);
        resultOf(h, a.port().send(FORTY));
        resultOf(h, a.port().send(FORTY));
        assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.REJECTED);
    }

    @Test
    void sendsPastTheBufferAreRefusedWithAReasonAndSentAgainOnceTheUpstreamReads() {
        try (HubHarness h = bounded()) {
            Attached a = h.attach();
            h.origin.reading(false);

            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.SENT);
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.SENT);
            SendResult third = resultOf(h, a.port().send(FORTY));
            assertThat(third.status()).isEqualTo(SendResult.Status.REJECTED);
            assertThat(third.detail()).contains("not reading", "80 bytes wait", "upstream-buffer (100 bytes)");
            assertThat(h.hub.stats().sendsRejected()).isEqualTo(1);

            h.origin.reading(true);
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.SENT);
            assertThat(h.origin.received()).hasSize(3);
        }
    }

    @Test
    void anEmptyBufferTakesOneMessageLargerThanTheBound() {
        try (HubHarness h = bounded()) {
            Attached a = h.attach();
            h.origin.reading(false);
            Message big = Message.text("y".repeat(500));

            assertThat(resultOf(h, a.port().send(big)).status()).isEqualTo(SendResult.Status.SENT);
            assertThat(resultOf(h, a.port().send(Message.text("z"))).status()).isEqualTo(SendResult.Status.REJECTED);
        }
    }

    @Test
    void anUpstreamThatReadsNothingWithinTheDrainTimeoutIsDroppedAndReconnected() {
        try (HubHarness h = bounded()) {
            Attached a = h.attach();
            fillAndGetRefused(h, a);

            h.advance(Duration.ofSeconds(29));
            assertThat(h.state()).isEqualTo(UpstreamState.OPEN);
            assertThat(h.origin.cancelCount()).isZero();

            h.advance(Duration.ofSeconds(1));
            assertThat(h.origin.cancelCount()).isEqualTo(1);
            assertThat(h.state()).isEqualTo(UpstreamState.BACKOFF);
            assertThat(h.eventsOf(dev.switchboard.api.HubEvent.UpstreamStateChanged.class).get(
                    h.eventsOf(dev.switchboard.api.HubEvent.UpstreamStateChanged.class).size() - 1).detail())
                    .contains("read nothing for 30s", "80 bytes waiting", "upstream-drain-timeout");

            h.origin.reading(true);
            h.advance(Duration.ofSeconds(5));
            assertThat(h.state()).isEqualTo(UpstreamState.OPEN);
            assertThat(h.origin.acceptedCount()).isEqualTo(2);
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.SENT);
        }
    }

    @Test
    void anUpstreamThatTakesSomeOfItsBufferIsSlowNotDead() {
        try (HubHarness h = bounded()) {
            Attached a = h.attach();
            fillAndGetRefused(h, a);

            h.advance(Duration.ofSeconds(10));
            h.origin.reading(true); // it reads what waits, then stalls again and fills up
            h.origin.reading(false);
            resultOf(h, a.port().send(FORTY));
            resultOf(h, a.port().send(FORTY));
            h.advance(Duration.ofSeconds(25));

            assertThat(h.origin.cancelCount()).isZero();
            assertThat(h.state()).isEqualTo(UpstreamState.OPEN);
        }
    }

    @Test
    void aCloseTheUpstreamNeverAnswersIsCancelledAfterTheGrace() {
        try (HubHarness h = bounded()) {
            Attached a = h.attach();
            h.origin.answerCloses(false);
            a.port().end(EndReason.DISCONNECT, "bye");
            h.advance(Duration.ofSeconds(30)); // the linger ends

            assertThat(h.state()).isEqualTo(UpstreamState.IDLE);
            assertThat(h.origin.connectionCount()).isEqualTo(1);
            h.advance(UpstreamStateMachine.CLOSE_GRACE.minusMillis(1));
            assertThat(h.origin.cancelCount()).isZero();

            h.advance(Duration.ofMillis(1));
            assertThat(h.origin.cancelCount()).isEqualTo(1);
            assertThat(h.origin.connectionCount()).isZero();
        }
    }

    @Test
    void aCloseThatFinishesIsNotCancelled() {
        try (HubHarness h = bounded()) {
            Attached a = h.attach();
            a.port().end(EndReason.DISCONNECT, "bye");
            h.advance(Duration.ofSeconds(30));
            assertThat(h.origin.connectionCount()).isZero();

            h.advance(UpstreamStateMachine.CLOSE_GRACE);
            assertThat(h.origin.cancelCount()).isZero();
        }
    }

    @Test
    void shuttingDownCancelsAConnectionWhoseCloseNeverFinishes() {
        HubHarness h = bounded();
        h.attach();
        h.origin.answerCloses(false);
        h.hub.close();
        h.scheduler.runUntilIdle();
        assertThat(h.origin.connectionCount()).isEqualTo(1);

        h.advance(UpstreamStateMachine.CLOSE_GRACE);
        assertThat(h.origin.cancelCount()).isEqualTo(1);
        assertThat(h.origin.connectionCount()).isZero();
        h.close();
    }
}
