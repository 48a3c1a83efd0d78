package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.hub.HubHarness.Attached;
import dev.switchboard.hub.testing.RecordingPortConnection;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayTest {

    @Test
    void aResumingPortGetsWhatItMissedThenTheLiveStreamWithNoDuplicateOrHole() {
        try (HubHarness h = new HubHarness()) {
            Attached first = h.attach();
            h.publish("1", "2", "3", "4", "5");
            Cursor seen = first.connection().messages().get(1).cursor().orElseThrow(); // saw "2"
            first.port().end(dev.switchboard.api.EndReason.CLOSED, "");

            Attached again = h.attach(AttachOptions.live("x").resumingAfter(seen));
            h.publish("6");

            assertThat(again.connection().texts()).containsExactly("3", "4", "5", "6");
            assertThat(again.connection().itemsOf(Downstream.Gap.class)).isEmpty();
        }
    }

    @Test
    void messagesArrivingWhileTheResumeIsBeingSetUpAreNeitherLostNorDoubled() {
        try (HubHarness h = new HubHarness()) {
            Attached keeper = h.attach();
            h.publish("1", "2");
            Cursor seen = keeper.connection().messages().get(0).cursor().orElseThrow();
            RecordingPortConnection connection = new RecordingPortConnection();
            // publish before, during and after the attach, without letting the hub run in between
            h.origin.publish("3");
            Port port = h.hub.attach(connection, AttachOptions.live("x").resumingAfter(seen));
            h.origin.publish("4");
            h.origin.publish("5");
            h.scheduler.runUntilIdle();

            assertThat(port.ended()).isEmpty();
            assertThat(connection.texts()).containsExactly("2", "3", "4", "5");
        }
    }

    @Test
    void aCursorOlderThanTheBufferIsAnsweredWithAGapThenWhatIsHeld() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.replay(3, Duration.ofMinutes(5))))) {
            Attached keeper = h.attach();
            h.publish("1", "2", "3", "4", "5", "6");
            Cursor seen = keeper.connection().messages().get(0).cursor().orElseThrow(); // "1"; buffer holds 4,5,6

            Attached late = h.attach(AttachOptions.live("x").resumingAfter(seen));

            Downstream.Gap gap = late.connection().itemsOf(Downstream.Gap.class).get(0);
            assertThat(gap.cause()).isEqualTo(Downstream.Gap.Cause.EXPIRED);
            assertThat(gap.after()).isEqualTo(seen);
            assertThat(gap.next().seq()).isEqualTo(4);
            assertThat(late.connection().texts()).containsExactly("4", "5", "6");
        }
    }

    @Test
    void messagesOlderThanTheMaximumAgeAreNotReplayed() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.replay(100, Duration.ofSeconds(60))))) {
            Attached keeper = h.attach();
            h.publish("old");
            Cursor beforeAll = new Cursor(h.hub.head().epoch(), 0);
            h.advance(Duration.ofSeconds(61));
            keeper.port().heard();
            h.publish("new");

            Attached late = h.attach(AttachOptions.live("x").resumingAfter(beforeAll));

            assertThat(late.connection().itemsOf(Downstream.Gap.class)).singleElement()
                    .satisfies(g -> assertThat(g.cause()).isEqualTo(Downstream.Gap.Cause.EXPIRED));
            assertThat(late.connection().texts()).containsExactly("new");
        }
    }

    @Test
    void aCursorFromAnotherEpochIsAnsweredWithAGapNeverMisread() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.publish("1", "2");
            Cursor stale = new Cursor("otherhub", 1);

            Attached p = h.attach(AttachOptions.live("x").resumingAfter(stale));
            h.publish("3");

            Downstream.Gap gap = p.connection().itemsOf(Downstream.Gap.class).get(0);
            assertThat(gap.cause()).isEqualTo(Downstream.Gap.Cause.UNKNOWN_CURSOR);
            assertThat(gap.after()).isEqualTo(stale);
            assertThat(gap.next()).isEqualTo(new Cursor(h.hub.head().epoch(), 3));
            assertThat(p.connection().texts()).containsExactly("3");
        }
    }

    @Test
    void aCursorBeyondTheNewestMessageIsAnsweredWithAGap() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.publish("1");
            Cursor future = new Cursor(h.hub.head().epoch(), 99);
            Attached p = h.attach(AttachOptions.live("x").resumingAfter(future));
            assertThat(p.connection().itemsOf(Downstream.Gap.class)).singleElement()
                    .satisfies(g -> assertThat(g.cause()).isEqualTo(Downstream.Gap.Cause.UNKNOWN_CURSOR));
        }
    }

    @Test
    void theWelcomeComesFirstAndNamesTheHeadAtAttach() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.publish("1", "2");
            Attached p = h.attach(AttachOptions.live("x").resumingAfter(new Cursor(h.hub.head().epoch(), 0)));
            List<Downstream> items = p.connection().items();
            assertThat(items.get(0)).isInstanceOfSatisfying(Downstream.Welcome.class,
                    w -> assertThat(w.head().seq()).isEqualTo(2));
            assertThat(p.connection().texts()).containsExactly("1", "2");
        }
    }

    @Test
    void aReplayOfAFullBufferFitsThePortQueue() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.replay(50, Duration.ofMinutes(5)).portQueue(52)))) {
            h.attach();
            IntStream.range(0, 50).forEach(i -> h.origin.publish(Message.text("m" + i)));
            h.scheduler.runUntilIdle();
            Attached p = h.attach(AttachOptions.live("x").resumingAfter(new Cursor(h.hub.head().epoch(), 0)));
            assertThat(p.port().ended()).isEmpty();
            assertThat(p.connection().texts()).hasSize(50);
        }
    }
}
