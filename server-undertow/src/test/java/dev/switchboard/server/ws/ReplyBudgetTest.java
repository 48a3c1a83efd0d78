package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reply marks in virtual time: deadlines are collected and run by the test, never waited for. */
class ReplyBudgetTest {

    private final List<Boolean> reads = new ArrayList<>();
    private final List<Runnable> deadlines = new ArrayList<>();
    private final List<String> ended = new ArrayList<>();
    private final ReplyBudget budget = new ReplyBudget(4, 1, 10, Duration.ofSeconds(5), new ReplyBudget.Connection() {
        @Override
        public void pauseReading(boolean pause) {
            reads.add(pause);
        }

        @Override
        public void after(Duration delay, Runnable task) {
            assertThat(delay).isEqualTo(Duration.ofSeconds(5));
            deadlines.add(task);
        }

        @Override
        public void endSlow(String detail) {
            ended.add(detail);
        }
    });

    @Test
    void readingPausesAtTheHighMarkAndResumesAtTheLowOne() {
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take()).isTrue();
        }
        assertThat(reads).isEmpty();
        budget.take();
        assertThat(reads).containsExactly(true);
        assertThat(budget.paused()).isTrue();
        budget.give();
        budget.give();
        assertThat(reads).containsExactly(true);
        budget.give();
        assertThat(reads).containsExactly(true, false);
        assertThat(budget.owed()).isEqualTo(1);
    }

    @Test
    void aClientThatReadsBeforeTheDeadlineIsNotEnded() {
        for (int i = 0; i < 4; i++) {
            budget.take();
        }
        for (int i = 0; i < 3; i++) {
            budget.give();
        }
        deadlines.forEach(Runnable::run);
        assertThat(ended).isEmpty();
    }

    @Test
    void aDeadlineOfAnEarlierPauseDoesNotEndALaterOne() {
        for (int i = 0; i < 4; i++) {
            budget.take();
        }
        for (int i = 0; i < 3; i++) {
            budget.give();
        }
        for (int i = 0; i < 3; i++) {
            budget.take(); // paused again
        }
        assertThat(deadlines).hasSize(2);
        deadlines.get(0).run();
        assertThat(ended).isEmpty();
        deadlines.get(1).run();
        assertThat(ended).singleElement().asString().contains("does not read its replies").contains("5000 ms");
    }

    @Test
    void aClientStillPausedAtTheDeadlineIsEndedOnce() {
        for (int i = 0; i < 5; i++) {
            budget.take();
        }
        deadlines.forEach(Runnable::run);
        deadlines.forEach(Runnable::run);
        assertThat(ended).singleElement().asString().contains("5 ack and error envelopes waited longer than 5000 ms");
    }

    @Test
    void pastTheHardBoundTheClientIsEndedAtOnce() {
        for (int i = 0; i < 10; i++) {
            assertThat(budget.take()).isTrue();
        }
        assertThat(budget.take()).isFalse();
        assertThat(ended).singleElement().asString().contains("10 ack and error envelopes were owed");
        assertThat(budget.owed()).isEqualTo(10);
    }

    @Test
    void marksOutOfOrderAreRefused() {
        assertThatThrownBy(() -> new ReplyBudget(4, 4, 10, Duration.ofSeconds(1), null))
                .hasMessageContaining("low 4, high 4");
    }
}
