package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PingBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final PingBudget budget = new PingBudget(3, 60_000, now::get);

    @Test
    void theBudgetHoldsWithinOneWindowAndTheNextPingOverItIsAFlood() {
        assertThat(budget.tryPing()).isTrue();
        assertThat(budget.tryPing()).isTrue();
        assertThat(budget.tryPing()).isTrue();
        assertThat(budget.tryPing()).isFalse();
        assertThat(budget.tryPing()).isFalse();
    }

    @Test
    void aNewWindowStartsAfterTheOldOneEnds() {
        for (int i = 0; i < 3; i++) {
            budget.tryPing();
        }
        now.addAndGet(60_000);
        assertThat(budget.tryPing()).as("still the first window").isFalse();
        now.incrementAndGet();
        assertThat(budget.tryPing()).isTrue();
        assertThat(budget.tryPing()).isTrue();
        assertThat(budget.tryPing()).isTrue();
        assertThat(budget.tryPing()).isFalse();
    }

    @Test
    void theReasonNamesTheBudget() {
        assertThat(budget.describe()).isEqualTo("more than 3 pings in 60000 ms");
    }
}
