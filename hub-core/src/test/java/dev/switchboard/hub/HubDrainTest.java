package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import dev.switchboard.hub.HubHarness.Attached;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A drain ends only once the upstream connection has written the sends it took (acked
 * {@code sent}); sends waiting for a reconnect are not waited for, and stats say how many. In
 * virtual time, on the in-memory origin, whose {@code reading(false)} keeps sends in the
 * connection's buffer like a peer that reads slowly.
 */
class HubDrainTest {

    private static final Message FORTY = Message.text("x".repeat(40));

    private static SendResult resultOf(HubHarness h, CompletionStage<SendResult> stage) {
        h.scheduler.runUntilIdle();
        return stage.toCompletableFuture().getNow(null);
    }

    @Test
    void drainWaitsUntilTheUpstreamHasWrittenTheSendsItTook() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            h.origin.reading(false);
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.SENT);
            assertThat(h.hub.stats().upstreamBufferedBytes()).isEqualTo(40);

            var drained = h.hub.drain("bye").toCompletableFuture();
            h.advance(UpstreamStateMachine.WRITE_POLL.multipliedBy(20));
            assertThat(drained).as("the port is written, but the upstream still holds 40 bytes").isNotDone();
            assertThat(h.origin.received()).isEmpty();

            h.origin.reading(true);
            assertThat(h.hub.stats().upstreamBufferedBytes()).isZero();
            h.advance(UpstreamStateMachine.WRITE_POLL);
            assertThat(drained).as("one empty look is not enough: a frame may be between queue and socket").isNotDone();
            h.advance(UpstreamStateMachine.WRITE_POLL);
            assertThat(drained).isDone();
            assertThat(h.origin.received()).hasSize(1);
        }
    }

    @Test
    void drainWithNothingBufferedUpstreamEndsOnceThePortsAreWritten() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.SENT);

            var drained = h.hub.drain("bye").toCompletableFuture();
            h.scheduler.runUntilIdle();
            assertThat(drained).isDone();
            assertThat(h.hub.stats().upstreamBufferedBytes()).isZero();
        }
    }

    @Test
    void sendsWaitingForAReconnectAreCountedNotWaitedForAndDroppedAtClose() {
        try (HubHarness h = new HubHarness()) {
            h.origin.refuseConnections(true);
            Attached a = h.attach();
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.QUEUED);
            assertThat(resultOf(h, a.port().send(FORTY)).status()).isEqualTo(SendResult.Status.QUEUED);
            assertThat(h.hub.stats().sendsWaiting()).isEqualTo(2);
            assertThat(h.hub.stats().upstreamBufferedBytes()).isZero();

            var drained = h.hub.drain("bye").toCompletableFuture();
            h.scheduler.runUntilIdle();
            assertThat(drained).isDone();

            h.hub.close();
            h.scheduler.runUntilIdle();
            assertThat(h.hub.stats().sendsWaiting()).isZero();
            assertThat(h.origin.received()).isEmpty();
        }
    }

    @Test
    void closingEndsADrainStillWaitingForTheUpstream() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            h.origin.reading(false);
            resultOf(h, a.port().send(FORTY));
            var drained = h.hub.drain("bye").toCompletableFuture();
            h.advance(UpstreamStateMachine.WRITE_POLL.multipliedBy(5));
            assertThat(drained).isNotDone();

            h.hub.close();
            assertThat(drained).isDone();
            h.advance(UpstreamStateMachine.CLOSE_GRACE);
        }
    }
}
