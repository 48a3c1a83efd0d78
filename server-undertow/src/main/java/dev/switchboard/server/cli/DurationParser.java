package dev.switchboard.server.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations the command line takes: a whole number followed by a unit, {@code ms},
 * {@code s}, {@code m} or {@code h}, such as {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}.
 */
final class DurationParser {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final String HOW = "write a number followed by ms, s, m or h, e.g. 500ms, 2s, 1m";

    private DurationParser() {
    }

    /**
     * The duration written in {@code text}, the value of {@code option}.
     *
     * @throws UsageException naming the text, the option and the expected form
     */
    static Duration parse(String text, String option) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.startsWith("-")) {
            throw new UsageException("invalid duration '" + text + "' for " + option + ": it cannot be negative; " + HOW);
        }
        Matcher matcher = FORM.matcher(trimmed);
        if (!matcher.matches()) {
            throw new UsageException("invalid duration '" + text + "' for " + option + ": " + HOW);
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid duration '" + text + "' for " + option + ": the number is too large; " + HOW);
        }
        try {
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (ArithmeticException e) {
            throw new UsageException("invalid duration '" + text + "' for " + option + ": the number is too large; " + HOW);
        }
    }

    /** Like {@link #parse}, and the duration must be longer than zero. */
    static Duration parsePositive(String text, String option) {
        Duration duration = parse(text, option);
        if (duration.isZero()) {
            throw new UsageException("invalid duration '" + text + "' for " + option + ": it must be longer than zero, e.g. 500ms or 2s");
        }
        return duration;
    }
}
