package dev.switchboard.api.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as people write them in settings: a whole number of bytes ({@code 1048576}) or
 * a whole number with a binary unit, {@code KiB}, {@code MiB} or {@code GiB} ({@code 512KiB},
 * {@code 1MiB}, {@code 8MiB}). The same reading for the command line, environment variables and
 * the configuration file, since they all go through {@link HubSettingKey}.
 */
public final class Sizes {

    // A plain number may be negative, so that the setting's own range check names the bound.
    private static final Pattern FORM = Pattern.compile("(-?\\d+)(KiB|MiB|GiB)?");
    /** How a size is written, for error messages. */
    public static final String HOW = "write a whole number of bytes or e.g. 1MiB (units KiB, MiB, GiB)";

    private Sizes() {
    }

    /**
     * The number of bytes written in {@code text}, the value of setting {@code key}.
     *
     * @throws IllegalArgumentException naming the key, the text and the expected form
     */
    public static long parse(String text, String key) {
        String trimmed = text == null ? "" : text.trim();
        Matcher matcher = FORM.matcher(trimmed);
        if (!matcher.matches() || (matcher.group(2) != null && trimmed.startsWith("-"))) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': " + HOW);
        }
        int shift = matcher.group(2) == null ? 0 : switch (matcher.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            default -> 30;
        };
        try {
            long amount = Long.parseLong(matcher.group(1));
            if (amount > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': the number is too large; " + HOW);
        }
    }

    /**
     * Like {@link #parse}, for a setting held in an {@code int}.
     *
     * @throws IllegalArgumentException also when the size passes {@link Integer#MAX_VALUE} bytes
     */
    public static int parseInt(String text, String key) {
        long bytes = parse(text, key);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': the size is too large; write at most "
                    + Integer.MAX_VALUE + " bytes (just under 2GiB)");
        }
        return (int) bytes;
    }
}
