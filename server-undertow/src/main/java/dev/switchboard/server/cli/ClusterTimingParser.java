package dev.switchboard.server.cli;

import dev.switchboard.api.config.Durations;
import dev.switchboard.server.ClusterTiming;
import java.time.Duration;

/** Reads {@code --cluster-lease} and {@code --cluster-tick} (durations such as {@code 3s}, {@code 250ms}) and checks them together. */
final class ClusterTimingParser {

    private ClusterTimingParser() {
    }

    /**
     * The timing in {@code lease} and {@code tick}.
     *
     * @throws UsageException naming the option, its value and the fix
     */
    static ClusterTiming parse(String lease, String tick) {
        Duration leaseTime;
        Duration tickTime;
        try {
            leaseTime = Durations.parse(lease, "--cluster-lease");
            tickTime = Durations.parse(tick, "--cluster-tick");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (leaseTime.isNegative() || leaseTime.isZero()) {
            throw new UsageException("invalid --cluster-lease '" + lease + "': it must be positive, e.g. 3s");
        }
        if (tickTime.isNegative() || tickTime.isZero() || tickTime.multipliedBy(3).compareTo(leaseTime) > 0) {
            throw new UsageException("invalid --cluster-tick '" + tick + "': it must be positive and at most a third of --cluster-lease '"
                    + lease + "', so that a leader renews its lease at least twice before it runs out; shorten the tick or lengthen the lease");
        }
        return new ClusterTiming(leaseTime, tickTime);
    }
}
