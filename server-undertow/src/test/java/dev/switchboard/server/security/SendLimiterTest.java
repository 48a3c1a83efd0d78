package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The send rate in virtual time: the clock only moves when the test moves it. */
class SendLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstOfOneSecondsWorthPassesThenTheRateHolds() {
        SendLimiter limiter = new SendLimiter(new SendRate(10, 0, SendRate.Policy.REFUSE), now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(1)).as("message %d", i).isNull();
        }
        assertThat(limiter.tryAcquire(1)).contains("10 messages per second");
        now.addAndGet(100_000_000L); // 100 ms: one more token
        assertThat(limiter.tryAcquire(1)).isNull();
        assertThat(limiter.tryAcquire(1)).isNotNull();
        now.addAndGet(10_000_000_000L); // long idle: the bucket refills to its capacity, no more
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(1)).isNull();
        }
        assertThat(limiter.tryAcquire(1)).isNotNull();
    }

    @Test
    void bytesAreLimitedToo_andOneBigMessageCostsItsShare() {
        SendLimiter limiter = new SendLimiter(new SendRate(0, 1000, SendRate.Policy.CLOSE), now::get);
        assertThat(limiter.tryAcquire(600)).isNull();
        assertThat(limiter.tryAcquire(600)).contains("1000 bytes per second");
        now.addAndGet(200_000_000L); // 200 ms: 200 bytes more, 600 in all
        assertThat(limiter.tryAcquire(600)).isNull();
        // A message larger than the bucket passes once the bucket is full, and leaves it in debt.
        now.addAndGet(5_000_000_000L);
        assertThat(limiter.tryAcquire(3000)).isNull();
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire(1)).isNotNull();
        assertThat(limiter.policy()).isEqualTo(SendRate.Policy.CLOSE);
    }

    @Test
    void aPortThatSendsLongAfterAttachingGetsOneSecondsWorthNoMore() {
        SendLimiter limiter = new SendLimiter(new SendRate(5, 0, SendRate.Policy.REFUSE), now::get);
        now.addAndGet(60_000_000_000L); // a minute of receiving only
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(1)).as("message %d", i).isNull();
        }
        assertThat(limiter.tryAcquire(1)).as("the idle minute did not bank more than the burst").isNotNull();
        now.addAndGet(200_000_000L); // 200 ms: one token
        assertThat(limiter.tryAcquire(1)).isNull();
        assertThat(limiter.tryAcquire(1)).isNotNull();
    }

    @Test
    void zeroMeansNoLimit() {
        SendLimiter limiter = new SendLimiter(SendRate.unlimited(), now::get);
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire(1 << 20)).isNull();
        }
    }
}
