package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubStats;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.hub.HubHarness.Attached;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The figures {@code Hub.stats()} reports, each checked against what the hub did. */
class HubStatsTest {

    @Test
    void countsWhatCameInWhatWentOutAndWhatWasDelivered() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            Attached b = h.attach();
            h.publish("abc", "de");
            a.port().send(Message.text("12345"));
            h.scheduler.runUntilIdle();

            HubStats stats = h.hub.stats();
            assertThat(stats.messagesReceived()).isEqualTo(2);
            assertThat(stats.bytesReceived()).isEqualTo(5);
            assertThat(stats.messagesSent()).isEqualTo(1);
            assertThat(stats.bytesSent()).isEqualTo(5);
            assertThat(stats.sendsSent()).isEqualTo(1);
            // each port: its welcome and the two messages (a status for OPEN may come too)
            long written = a.connection().items().size() + b.connection().items().size();
            assertThat(stats.deliveries()).isEqualTo(written).isGreaterThanOrEqualTo(6);
            assertThat(stats.queuedItems()).isZero();
            assertThat(stats.deepestQueue()).isZero();
        }
    }

    @Test
    void sendsWhileTheUpstreamIsDownAreQueuedThenRefusedWhenTheQueueIsFull() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.upstreamQueue(1)))) {
            h.origin.refuseConnections(true);
            Attached a = h.attach();
            a.port().send(Message.text("one"));
            a.port().send(Message.text("two"));
            h.scheduler.runUntilIdle();

            HubStats stats = h.hub.stats();
            assertThat(stats.sendsQueued()).isEqualTo(1);
            assertThat(stats.sendsRejected()).isEqualTo(1);
            assertThat(stats.messagesSent()).isZero();
        }
    }

    @Test
    void aStalledPortShowsInTheQueueFiguresAndDropsItsBacklogUnderDropOldest() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.replay(0, Duration.ofMinutes(1)).portQueue(8)
                .slowPolicy(SlowPortPolicy.DROP_OLDEST)))) {
            Attached fast = h.attach();
            Attached slow = h.attach();
            slow.connection().stall();
            h.publish("1", "2", "3");

            HubStats stalled = h.hub.stats();
            assertThat(stalled.deepestQueue()).isEqualTo(stalled.queuedItems()).isPositive();

            for (int i = 0; i < 10; i++) {
                h.publish("m" + i);
            }
            HubStats dropped = h.hub.stats();
            assertThat(dropped.backlogsDropped()).isPositive();
            assertThat(dropped.gaps().get(Downstream.Gap.Cause.OVERFLOW)).isPositive();
            assertThat(fast.port().ended()).isEmpty();
            assertThat(slow.port().ended()).isEmpty();
        }
    }

    @Test
    void resumesAreCountedAsServedOrAsGapsByCause() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.replay(2, Duration.ofMinutes(5))))) {
            Attached keeper = h.attach();
            h.publish("1", "2", "3");
            Cursor afterOne = keeper.connection().messages().get(0).cursor().orElseThrow();
            Cursor afterTwo = keeper.connection().messages().get(1).cursor().orElseThrow();

            h.attach(AttachOptions.live("x").resumingAfter(afterTwo));        // 3 is held: served
            h.attach(AttachOptions.live("x").resumingAfter(new Cursor("other", 1)));
            h.attach(AttachOptions.live("x").resumingAfter(new Cursor(afterOne.epoch(), 0))); // 1 is gone

            HubStats stats = h.hub.stats();
            assertThat(stats.resumesServed()).isEqualTo(1);
            assertThat(stats.gaps().get(Downstream.Gap.Cause.UNKNOWN_CURSOR)).isEqualTo(1);
            assertThat(stats.gaps().get(Downstream.Gap.Cause.EXPIRED)).isEqualTo(1);
            assertThat(stats.messagesReplayed()).isEqualTo(1 + 2);
        }
    }

    @Test
    void drainTellsEveryPortAndCompletesOnceTheirQueuesAreWritten() {
        try (HubHarness h = new HubHarness()) {
            Attached fast = h.attach();
            Attached slow = h.attach();
            slow.connection().stall();
            h.publish("1", "2");

            var drained = h.hub.drain("the server is shutting down").toCompletableFuture();
            h.scheduler.runUntilIdle();
            assertThat(drained).isNotDone();
            Downstream.Status notice = fast.connection().itemsOf(Downstream.Status.class).stream()
                    .filter(Downstream.Status::shutdown).findFirst().orElseThrow();
            assertThat(notice.detail()).isEqualTo("the server is shutting down");

            Attached late = h.attach();
            assertThat(late.port().ended()).hasValueSatisfying(end -> assertThat(end.reason()).isEqualTo(EndReason.REJECTED));

            slow.connection().resume();
            assertThat(drained).isDone();
            assertThat(slow.connection().items().get(slow.connection().items().size() - 1))
                    .isInstanceOfSatisfying(Downstream.Status.class, s -> assertThat(s.shutdown()).isTrue());
            assertThat(h.hub.drain("again")).isSameAs(drained);
        }
    }

    @Test
    void drainCompletesWhenTheLastUnflushedPortEnds() {
        try (HubHarness h = new HubHarness()) {
            Attached slow = h.attach();
            slow.connection().stall();
            h.publish("1");
            var drained = h.hub.drain("bye").toCompletableFuture();
            h.scheduler.runUntilIdle();
            assertThat(drained).isNotDone();

            slow.port().end(EndReason.CLOSED, "gone");
            assertThat(drained).isDone();
        }
    }
}
