package dev.switchboard.transport.websocket.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as people write them in messages: {@code 45s}, {@code 600ms}, {@code 1.5s}. */
final class Durations {

    private Durations() {
    }

    static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
