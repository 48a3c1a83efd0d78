package dev.switchboard.api.config;

import java.time.Duration;
import java.util.Objects;

/** The checks settings share, each failing with a sentence that names the key, the value and the fix. */
final class Checks {

    private Checks() {
    }

    static void positive(HubSettingKey key, Duration value, String example) {
        Objects.requireNonNull(value, key.key());
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("invalid " + key.key() + " " + Durations.format(value)
                    + ": it must be longer than zero, e.g. " + example);
        }
    }

    static void notNegative(HubSettingKey key, Duration value, String example) {
        Objects.requireNonNull(value, key.key());
        if (value.isNegative()) {
            throw new IllegalArgumentException("invalid " + key.key() + " " + Durations.format(value)
                    + ": it must not be negative, e.g. " + example);
        }
    }

    static void atLeast(HubSettingKey key, int value, int min, String example) {
        if (value < min) {
            throw new IllegalArgumentException("invalid " + key.key() + " " + value + ": use a whole number of "
                    + (min == 0 ? "0 or more" : "at least " + min) + ", e.g. " + example);
        }
    }

    /** {@code value} (of {@code key}) must not be shorter than {@code other} (of {@code otherKey}). */
    static void atLeast(HubSettingKey key, Duration value, HubSettingKey otherKey, Duration other, String fix) {
        if (value.compareTo(other) < 0) {
            throw new IllegalArgumentException(key.key() + " " + Durations.format(value) + " is shorter than "
                    + otherKey.key() + " " + Durations.format(other) + ": " + fix);
        }
    }
}
