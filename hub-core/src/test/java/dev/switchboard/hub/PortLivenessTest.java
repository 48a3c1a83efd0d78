package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.PortEnd;
import dev.switchboard.hub.HubHarness.Attached;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortLivenessTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aSilentPortEndsWithTimeoutWithinTheDocumentedBound() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portHeartbeat(INTERVAL, TIMEOUT)))) {
            Attached silent = h.attach();
            h.advance(TIMEOUT);
            assertThat(silent.port().ended()).isEmpty();
            assertThat(silent.connection().pings()).isEqualTo(3);

            h.advance(INTERVAL); // noticed at the first tick past the deadline: within timeout + interval
            assertThat(silent.port().ended()).map(PortEnd::reason).contains(EndReason.TIMEOUT);
            assertThat(silent.connection().closedWith().detail()).contains("deadline 30s");
        }
    }

    @Test
    void aPortThatAnswersStaysAttached() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portHeartbeat(INTERVAL, TIMEOUT)))) {
            Attached alive = h.attach();
            for (int i = 0; i < 30; i++) {
                h.advance(INTERVAL);
                alive.port().heard();
            }
            assertThat(alive.port().ended()).isEmpty();
            assertThat(alive.connection().pings()).isEqualTo(30);
        }
    }

    @Test
    void aPortEndsExactlyOnceWithItsFirstReason() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            assertThat(a.port().end(EndReason.DISCONNECT, "bye")).isTrue();
            assertThat(a.port().end(EndReason.ERROR, "late")).isFalse();
            h.scheduler.runUntilIdle();
            assertThat(a.port().ended()).contains(new PortEnd(EndReason.DISCONNECT, "bye"));
            assertThat(h.eventsOf(HubEvent.PortEnded.class)).hasSize(1);
            assertThat(a.connection().closeCalls()).isEqualTo(1);
        }
    }

    @Test
    void aPortClosedByItsClientIsNotClosedAgain() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            a.port().end(EndReason.CLOSED, "client went away");
            h.scheduler.runUntilIdle();
            assertThat(a.connection().closeCalls()).isZero();
        }
    }

    @Test
    void afterAThousandPortsEndByEveryReasonTheHubHoldsNothingForThem() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portHeartbeat(INTERVAL, TIMEOUT).portQueue(8)
                .replay(4, Duration.ofMinutes(1)).maxPorts(1000)))) {
            List<Attached> ports = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ports.add(h.attach());
            }
            // the 1001st is over the limit
            Attached rejected = h.attach();
            assertThat(rejected.port().ended()).map(PortEnd::reason).contains(EndReason.REJECTED);

            EndReason[] byHand = {EndReason.CLOSED, EndReason.DISCONNECT, EndReason.ERROR};
            for (int i = 0; i < 300; i++) {
                ports.get(i).port().end(byHand[i % 3], "test");
            }
            for (int i = 300; i < 400; i++) {
                ports.get(i).connection().stall(); // SLOW
            }
            for (int i = 400; i < 1000; i++) {
                if (i >= 700) {
                    ports.get(i).port().heard();
                }
            }
            for (int i = 0; i < 20; i++) {
                h.origin.publish("m" + i);
            }
            h.scheduler.runUntilIdle();
            // 400..699 stay silent: TIMEOUT; 700..999 keep answering until the hub shuts down
            for (int t = 0; t < 4; t++) {
                h.advance(INTERVAL);
                for (int i = 700; i < 1000; i++) {
                    ports.get(i).port().heard();
                }
            }
            h.hub.close();
            h.scheduler.runUntilIdle();

            Map<EndReason, Integer> counts = new EnumMap<>(EndReason.class);
            for (Attached p : ports) {
                counts.merge(p.port().ended().orElseThrow().reason(), 1, Integer::sum);
            }
            assertThat(counts).containsEntry(EndReason.CLOSED, 100).containsEntry(EndReason.DISCONNECT, 100)
                    .containsEntry(EndReason.ERROR, 100).containsEntry(EndReason.SLOW, 100)
                    .containsEntry(EndReason.TIMEOUT, 300).containsEntry(EndReason.SHUTDOWN, 300);
            assertThat(h.hub.portCount()).isZero();
            ports.forEach(p -> assertThat(h.hub.port(p.port().id())).isEmpty());
            assertThat(h.eventsOf(HubEvent.PortEnded.class)).hasSize(1001);
            assertThat(h.eventsOf(HubEvent.PortEnded.class)).extracting(HubEvent.PortEnded::portId).doesNotHaveDuplicates();
            assertThat(h.scheduler.pendingTasks()).isZero();
        }
    }
}
