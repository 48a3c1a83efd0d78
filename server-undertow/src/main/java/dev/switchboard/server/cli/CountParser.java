package dev.switchboard.server.cli;

/**
 * Reads the whole numbers the command line takes (counts, sizes in bytes), so that a bad one is a
 * sentence naming the option, the value and a correct example.
 */
final class CountParser {

    private CountParser() {
    }

    /**
     * The number written in {@code text}, the value of {@code option}, at least {@code min}.
     *
     * @param example a correct value to show, e.g. {@code 1024}
     * @throws UsageException naming the text, the option and the expected form
     */
    static int parse(String text, String option, int min, String example) {
        String trimmed = text == null ? "" : text.trim();
        String how = "write a whole number" + (min > 0 ? " of at least " + min : " of 0 or more") + ", e.g. " + example;
        if (!trimmed.matches("-?\\d+")) {
            throw new UsageException("invalid " + option + " '" + text + "': " + how);
        }
        long value;
        try {
            value = Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            throw new UsageException("invalid " + option + " '" + text + "': the number is too large; " + how);
        }
        if (value > Integer.MAX_VALUE) {
            throw new UsageException("invalid " + option + " '" + text + "': the number is too large; " + how);
        }
        if (value < min) {
            throw new UsageException("invalid " + option + " '" + text + "': " + how);
        }
        return (int) value;
    }
}
