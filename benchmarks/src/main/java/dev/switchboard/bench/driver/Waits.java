package dev.switchboard.bench.driver;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Polling for a condition in another process (the packaged server offers no event to wait
 * on), bounded in time, paced by the clock. Harness pacing, not test synchronisation.
 */
final class Waits {

    private Waits() {
    }

    /** Polls {@code condition} every 20 ms until it holds; a {@link BenchException} naming {@code what} after {@code timeout}. */
    static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("timed out after " + timeout.toSeconds() + "s waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }
}
