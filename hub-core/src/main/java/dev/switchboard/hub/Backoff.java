package dev.switchboard.hub;

import dev.switchboard.api.config.BackoffPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The retry counter of one hub's upstream, applying a {@link BackoffPolicy} with full jitter. */
final class Backoff {

    private final BackoffPolicy policy;
    private final RandomGenerator random;
    private int attempt;

    Backoff(BackoffPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** Counts a failure and returns the delay before the next attempt. */
    Duration nextDelay(Duration openFor) {
        if (openFor.compareTo(policy.resetAfter()) >= 0) {
            attempt = 0;
        }
        attempt++;
        long window = policy.window(attempt).toNanos();
        return Duration.ofNanos((long) (random.nextDouble() * window));
    }

    /** The number of the attempt the last {@link #nextDelay} was for. */
    int attempt() {
        return attempt;
    }
}
