package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.hub.HubHarness.Attached;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    @Test
    void everyPortGetsAWelcomeThenEveryMessageInOrderWithCursors() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            Attached b = h.attach();
            h.origin.publish(Message.binary(new byte[] {1, 2, 3}));
            h.publish("one", "two");

            for (Attached p : List.of(a, b)) {
                assertThat(p.connection().items().get(0)).isInstanceOf(Downstream.Welcome.class);
                List<Message> messages = p.connection().messages();
                assertThat(messages).hasSize(3);
                assertThat(messages.get(0).toByteArray()).containsExactly(1, 2, 3);
                assertThat(messages.subList(1, 3)).extracting(Message::text).containsExactly("one", "two");
                assertThat(messages).extracting(m -> m.cursor().orElseThrow().seq()).containsExactly(1L, 2L, 3L);
            }
            assertThat(h.hub.head().seq()).isEqualTo(3);
        }
    }

    @Test
    void everyPortSharesTheSameMessageInstance() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            Attached b = h.attach();
            h.publish("shared");
            assertThat(a.connection().messages().get(0)).isSameAs(b.connection().messages().get(0));
        }
    }

    @Test
    void aStalledPortIsEndedAsSlowWhileTheOthersReceiveEverythingInOrder() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portQueue(16).replay(8, java.time.Duration.ofMinutes(1))))) {
            Attached stalled = h.attach();
            Attached healthy = h.attach();
            stalled.connection().stall();
            List<String> sent = IntStream.range(0, 100).mapToObj(i -> "m" + i).toList();
            sent.forEach(h.origin::publish);
            h.scheduler.runUntilIdle();

            assertThat(healthy.connection().texts()).isEqualTo(sent);
            assertThat(stalled.port().ended()).map(PortEnd::reason).contains(EndReason.SLOW);
            assertThat(stalled.connection().closedWith().reason()).isEqualTo(EndReason.SLOW);
            assertThat(stalled.connection().closedWith().detail()).contains("reads too slowly");
            assertThat(h.hub.portCount()).isEqualTo(1);
        }
    }

    @Test
    void withDropOldestASlowPortLosesItsBacklogAndIsToldWithAGap() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portQueue(12).replay(8, java.time.Duration.ofMinutes(1))
                .slowPolicy(SlowPortPolicy.DROP_OLDEST)))) {
            Attached slow = h.attach();
            slow.connection().stall();
            IntStream.range(0, 30).forEach(i -> h.origin.publish("m" + i));
            h.scheduler.runUntilIdle();
            slow.connection().resume();
            h.publish("last");

            assertThat(slow.port().ended()).isEmpty();
            List<Downstream.Gap> gaps = slow.connection().itemsOf(Downstream.Gap.class);
            assertThat(gaps).isNotEmpty().allMatch(g -> g.cause() == Downstream.Gap.Cause.OVERFLOW);
            // every message the port got after a gap is the gap's "next"; nothing is silently skipped
            List<Downstream> items = slow.connection().items();
            long expected = -1;
            for (Downstream item : items) {
                if (item instanceof Downstream.Gap gap) {
                    expected = gap.next().seq();
                } else if (item instanceof Downstream.Data data) {
                    long seq = data.message().cursor().orElseThrow().seq();
                    if (expected >= 0) {
                        assertThat(seq).isEqualTo(expected);
                    }
                    expected = seq + 1;
                }
            }
            assertThat(slow.connection().texts()).endsWith("last");
        }
    }

    @Test
    void withDropOldestAPortStalledForManyOverflowsKeepsOneGapAndStaysAttached() {
        // Each overflow used to leave its gap in the queue, so a port stalled long enough ended up
        // with a queue full of gaps and was ended SLOW after all: the gaps now merge.
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.portQueue(12).replay(8, java.time.Duration.ofMinutes(1))
                .slowPolicy(SlowPortPolicy.DROP_OLDEST)))) {
            Attached slow = h.attach();
            h.publish("first");
            slow.connection().stall();
            IntStream.range(0, 12 * 30).forEach(i -> h.origin.publish("m" + i));
            h.scheduler.runUntilIdle();

            assertThat(slow.port().ended()).isEmpty();
            long lastWritten = slow.connection().messages().get(slow.connection().messages().size() - 1)
                    .cursor().orElseThrow().seq();
            slow.connection().resume();
            h.publish("last");

            assertThat(slow.port().ended()).isEmpty();
            List<Downstream> items = slow.connection().items();
            List<Downstream.Gap> gaps = slow.connection().itemsOf(Downstream.Gap.class);
            assertThat(gaps).hasSize(1);
            Downstream.Gap gap = gaps.get(0);
            assertThat(gap.cause()).isEqualTo(Downstream.Gap.Cause.OVERFLOW);
            // The one gap starts at the last message the port was handed and ends at the next it gets.
            assertThat(gap.after().seq()).isEqualTo(lastWritten);
            Downstream afterGap = items.get(items.indexOf(gap) + 1);
            assertThat(((Downstream.Data) afterGap).message().cursor()).contains(gap.next());
            assertThat(slow.connection().texts()).endsWith("last");
        }
    }

    @Test
    void aBroadcastHandsTheMessageToEveryPortBeforeItEndsAnyPortsBatch() {
        try (HubHarness h = new HubHarness()) {
            List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                h.hub.attach(new PortConnection() {
                    @Override
                    public void deliver(Downstream item, DeliveryCallback callback) {
                        if (item instanceof Downstream.Data data) {
                            calls.add("deliver " + name + " " + data.message().text());
                        }
                        callback.delivered();
                    }

                    @Override
                    public void flush() {
                        calls.add("flush " + name);
                    }

                    @Override
                    public void ping() {
                    }

                    @Override
                    public void close(PortEnd end) {
                    }
                }, AttachOptions.live(name));
            }
            h.scheduler.runUntilIdle();
            calls.clear(); // the welcomes, each flushed on its own
            h.publish("one", "two");
            // Newest port first, as the hub walks its list; one flush per port and message.
            assertThat(calls).containsExactly(
                    "deliver c one", "deliver b one", "deliver a one", "flush c", "flush b", "flush a",
                    "deliver c two", "deliver b two", "deliver a two", "flush c", "flush b", "flush a");
        }
    }

    @Test
    void aFailedWriteEndsThePortWithError() {
        try (HubHarness h = new HubHarness()) {
            PortConnection failing = new PortConnection() {
                @Override
                public void deliver(Downstream item, DeliveryCallback callback) {
                    if (item instanceof Downstream.Data) {
                        callback.failed(new java.io.IOException("broken pipe"));
                    } else {
                        callback.delivered();
                    }
                }

                @Override
                public void ping() {
                }

                @Override
                public void close(PortEnd end) {
                }
            };
            var port = h.hub.attach(failing, AttachOptions.live("x"));
            h.scheduler.runUntilIdle();
            h.publish("boom");
            assertThat(port.ended()).map(PortEnd::reason).contains(EndReason.ERROR);
            assertThat(port.ended().orElseThrow().detail()).contains("broken pipe");
        }
    }

    @Test
    void aListenerThatThrowsDisturbsNothing() {
        try (HubHarness h = new HubHarness()) {
            List<HubEvent> seen = new ArrayList<>();
            h.hub.addListener(e -> {
                throw new IllegalStateException("listener bug");
            });
            h.hub.addListener(seen::add);
            Attached a = h.attach();
            h.publish("x");
            assertThat(a.connection().texts()).containsExactly("x");
            assertThat(seen).anyMatch(e -> e instanceof HubEvent.PortAttached);
        }
    }

    @Test
    void headStartsAtZeroInTheHubsEpoch() {
        try (HubHarness h = new HubHarness()) {
            Cursor head = h.hub.head();
            assertThat(head.seq()).isZero();
            Attached a = h.attach();
            assertThat(a.connection().itemsOf(Downstream.Welcome.class).get(0).head()).isEqualTo(head);
        }
    }
}
