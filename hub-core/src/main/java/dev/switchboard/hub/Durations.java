package dev.switchboard.hub;

import java.time.Duration;

/** Durations the way people write them in logs and status details: {@code 250ms}, {@code 1.5s}, {@code 2m}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0)) + "s";
        }
        return (millis % 60_000 == 0 ? String.valueOf(millis / 60_000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 60_000.0)) + "m";
    }
}
