package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.hub.HubHarness.Attached;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hub that continues a stream ordered outside it takes the cursors its messages carry. */
class ContinuedStreamTest {

    private static Message at(String epoch, long seq) {
        return Message.text("m" + seq).withCursor(new Cursor(epoch, seq));
    }

    @Test
    void startsAtTheGivenHeadAndResumesFromTheHeldMessages() {
        try (HubHarness h = new HubHarness(b -> b.continueStream(new Cursor("cl", 7), List.of(at("cl", 6), at("cl", 7))))) {
            assertThat(h.hub.head()).isEqualTo(new Cursor("cl", 7));
            Attached port = h.attach(AttachOptions.live("x").resumingAfter(new Cursor("cl", 5)));
            assertThat(port.connection().texts()).containsExactly("m6", "m7");
            assertThat(port.connection().itemsOf(Downstream.Welcome.class).get(0).head()).isEqualTo(new Cursor("cl", 7));
        }
    }

    @Test
    void takesTheCursorAMessageCarriesAndDropsRepeats() {
        try (HubHarness h = new HubHarness(b -> b.continueStream(new Cursor("cl", 0), List.of()))) {
            Attached port = h.attach();
            h.origin.publish(at("cl", 1));
            h.origin.publish(at("cl", 2));
            h.origin.publish(at("cl", 2));
            h.origin.publish(at("cl", 1));
            h.origin.publish(at("cl", 3));
            h.scheduler.runUntilIdle();

            assertThat(port.connection().messages()).extracting(m -> m.cursor().orElseThrow())
                    .containsExactly(new Cursor("cl", 1), new Cursor("cl", 2), new Cursor("cl", 3));
            assertThat(h.hub.head()).isEqualTo(new Cursor("cl", 3));
        }
    }

    @Test
    void aSkipIsAGapForEveryPortAndAResumeBeforeItIsAGapToo() {
        try (HubHarness h = new HubHarness(b -> b.continueStream(new Cursor("cl", 0), List.of()))) {
            Attached port = h.attach();
            h.origin.publish(at("cl", 1));
            h.origin.publish(at("cl", 5));
            h.scheduler.runUntilIdle();

            assertThat(port.connection().itemsOf(Downstream.Gap.class))
                    .containsExactly(new Downstream.Gap(new Cursor("cl", 1), new Cursor("cl", 5), Downstream.Gap.Cause.EXPIRED));
            Attached late = h.attach(AttachOptions.live("y").resumingAfter(new Cursor("cl", 1)));
            assertThat(late.connection().itemsOf(Downstream.Gap.class)).hasSize(1);
            assertThat(late.connection().texts()).containsExactly("m5");
        }
    }

    @Test
    void aNewEpochIsAnUnknownCursorGapAndOldCursorsNoLongerResume() {
        try (HubHarness h = new HubHarness(b -> b.continueStream(new Cursor("old", 2), List.of(at("old", 2))))) {
            Attached port = h.attach();
            h.origin.publish(at("new", 1));
            h.scheduler.runUntilIdle();

            assertThat(port.connection().itemsOf(Downstream.Gap.class))
                    .containsExactly(new Downstream.Gap(new Cursor("old", 2), new Cursor("new", 1), Downstream.Gap.Cause.UNKNOWN_CURSOR));
            Attached stale = h.attach(AttachOptions.live("y").resumingAfter(new Cursor("old", 1)));
            assertThat(stale.connection().itemsOf(Downstream.Gap.class).get(0).cause()).isEqualTo(Downstream.Gap.Cause.UNKNOWN_CURSOR);
        }
    }

    @Test
    void heldMessagesMustBeConsecutiveAndEndAtTheHead() {
        assertThatThrownBy(() -> Hubs.builder("x").continueStream(new Cursor("cl", 9), List.of(at("cl", 6), at("cl", 8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("held message cursor cl:6 is out of order: expected cl:8");
    }
}
