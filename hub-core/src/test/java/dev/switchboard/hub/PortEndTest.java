package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortEnd;
import dev.switchboard.hub.HubHarness.Attached;
import dev.switchboard.hub.testing.FixedRandom;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.hub.testing.RecordingPortConnection;
import dev.switchboard.hub.testing.VirtualScheduler;
import dev.switchboard.hub.time.Cancellable;
import dev.switchboard.hub.time.HubScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A port's end is one decision: made once, torn down once on the hub thread, closed with its end's code. */
class PortEndTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aTimeoutIsDecidedAndTornDownInTheHeartbeatTaskWithoutPostingAnotherTask() {
        CountingScheduler scheduler = new CountingScheduler();
        InMemoryOrigin origin = InMemoryOrigin.create("origin-" + UUID.randomUUID());
        List<HubEvent> events = new CopyOnWriteArrayList<>();
        Hub hub = Hubs.builder("ends").upstream(origin.uri()).scheduler(scheduler).random(FixedRandom.of(0.5))
                .settings(s -> s.portHeartbeat(INTERVAL, TIMEOUT)).build();
        try {
            hub.addListener(events::add);
            RecordingPortConnection silent = new RecordingPortConnection();
            Port port = hub.attach(silent, AttachOptions.live("test"));
            scheduler.virtual.advance(TIMEOUT);
            assertThat(port.ended()).isEmpty();
            int posted = scheduler.executed.get();

            scheduler.virtual.advance(INTERVAL); // the tick past the deadline

            assertThat(port.ended()).map(PortEnd::reason).contains(EndReason.TIMEOUT);
            assertThat(scheduler.executed.get()).as("tasks posted while ending the port").isEqualTo(posted);
            assertThat(hub.portCount()).isZero();
            assertThat(events.stream().filter(HubEvent.PortEnded.class::isInstance)).hasSize(1);
            assertThat(silent.closeCalls()).isEqualTo(1);
            assertThat(silent.closedWith().closeCode()).isEqualTo(PortEnd.GOING_AWAY);

            // What a front end does when the hub's close reaches the socket: no second end, nothing posted.
            assertThat(port.end(EndReason.CLOSED, "connection closed")).isFalse();
            scheduler.virtual.runUntilIdle();
            assertThat(scheduler.executed.get()).isEqualTo(posted);
            assertThat(port.ended()).map(PortEnd::reason).contains(EndReason.TIMEOUT);
            assertThat(events.stream().filter(HubEvent.PortEnded.class::isInstance)).hasSize(1);
            assertThat(silent.closeCalls()).isEqualTo(1);
        } finally {
            hub.close();
            scheduler.virtual.runUntilIdle();
            origin.close();
        }
    }

    /** A virtual scheduler that counts the tasks posted to run at once. */
    private static final class CountingScheduler implements HubScheduler {
        final VirtualScheduler virtual = new VirtualScheduler();
        final AtomicInteger executed = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            executed.incrementAndGet();
            virtual.execute(task);
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return virtual.schedule(delay, task);
        }

        @Override
        public long nanoTime() {
            return virtual.nanoTime();
        }

        @Override
        public Instant now() {
            return virtual.now();
        }

        @Override
        public void shutdown() {
            virtual.shutdown();
        }
    }

    @Test
    void anEndCarryingItsOwnCloseCodeIsClosedWithThatCode() {
        try (HubHarness h = new HubHarness()) {
            Attached greedy = h.attach();

            greedy.port().end(new PortEnd(EndReason.ERROR, "client sent a message larger than 1024 bytes", PortEnd.MESSAGE_TOO_BIG));
            h.scheduler.runUntilIdle();

            assertThat(greedy.connection().closeCalls()).isEqualTo(1);
            assertThat(greedy.connection().closedWith().closeCode()).isEqualTo(1009);
            assertThat(greedy.connection().closedWith().reason()).isEqualTo(EndReason.ERROR);
            assertThat(h.eventsOf(HubEvent.PortEnded.class)).singleElement()
                    .satisfies(e -> assertThat(e.end().closeCode()).isEqualTo(1009));
        }
    }

    @Test
    void aPortEndedBeforeTheHubRegisteredItEndsOnceAndIsNeverAttached() {
        try (HubHarness h = new HubHarness()) {
            RecordingPortConnection connection = new RecordingPortConnection();
            Port port = h.hub.attach(connection, AttachOptions.live("test"));
            port.end(EndReason.DISCONNECT, "changed its mind");
            h.scheduler.runUntilIdle();

            assertThat(h.hub.portCount()).isZero();
            assertThat(h.eventsOf(HubEvent.PortEnded.class)).hasSize(1);
            assertThat(h.eventsOf(HubEvent.PortAttached.class)).isEmpty();
            assertThat(connection.closeCalls()).isEqualTo(1);
        }
    }

    @Test
    void slowPortsEndedDuringABroadcastLeaveTheListAndEveryOtherPortGetsTheMessage() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portQueue(4).replay(2)))) {
            List<Attached> ports = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ports.add(h.attach());
            }
            ports.get(0).connection().stall();
            ports.get(2).connection().stall();
            ports.get(5).connection().stall();

            h.publish("1", "2", "3", "4", "5");

            for (int i : new int[] {0, 2, 5}) {
                assertThat(ports.get(i).port().ended()).as("port %d", i).map(PortEnd::reason).contains(EndReason.SLOW);
            }
            for (int i : new int[] {1, 3, 4}) {
                assertThat(ports.get(i).connection().texts()).as("port %d", i).containsExactly("1", "2", "3", "4", "5");
            }
            assertThat(h.hub.portCount()).isEqualTo(3);
            assertThat(h.eventsOf(HubEvent.PortEnded.class)).hasSize(3);
        }
    }
}
