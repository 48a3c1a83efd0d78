package dev.switchboard.api.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in settings and read them in messages: a whole number and a
 * unit, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. {@link #format} writes what
 * {@link #parse} reads, so a default shown in the documentation can be typed back as it is.
 */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** How a duration is written, for error messages. */
    public static final String HOW = "write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m";

    private Durations() {
    }

    /**
     * The duration written in {@code text}, the value of setting {@code key}.
     *
     * @throws IllegalArgumentException naming the key, the text and the expected form
     */
    public static Duration parse(String text, String key) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': it cannot be negative; " + HOW);
        }
        Matcher matcher = FORM.matcher(trimmed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': " + HOW);
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': the number is too large; " + HOW);
        }
    }

    /**
     * The duration in the largest unit that holds it exactly, to the millisecond: {@code 250ms},
     * {@code 1500ms}, {@code 45s}, {@code 2m}, {@code 1h}; a negative one with a leading {@code -}.
     */
    public static String format(Duration d) {
        long millis = d.toMillis();
        String sign = millis < 0 ? "-" : "";
        long abs = Math.abs(millis);
        if (abs != 0 && abs % 3_600_000 == 0) {
            return sign + abs / 3_600_000 + "h";
        }
        if (abs != 0 && abs % 60_000 == 0) {
            return sign + abs / 60_000 + "m";
        }
        if (abs != 0 && abs % 1000 == 0) {
            return sign + abs / 1000 + "s";
        }
        return sign + abs + "ms";
    }
}
