package dev.switchboard.server.cli;

/**
 * A {@code NAME=VALUE} option value, as {@code --hub} and {@code --header} take. Split at the
 * first {@code =}, so the value may itself hold one (a URL's query, a header's token).
 *
 * @param name  the part before the first {@code =}, trimmed, never empty
 * @param value the rest, never empty
 */
record Assignment(String name, String value) {

    /**
     * Reads {@code text}, the value of {@code option}.
     *
     * @param example a correct value to show, e.g. {@code prices=ws://127.0.0.1:9001/prices}
     * @throws UsageException naming the text and the expected form
     */
    static Assignment parse(String text, String option, String form, String example) {
        int equals = text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1 || text.substring(0, equals).isBlank()) {
            throw new UsageException("invalid " + option + " '" + dev.switchboard.api.Redacted.uri(text) + "': write " + form + ", e.g. " + example);
        }
        return new Assignment(text.substring(0, equals).trim(), text.substring(equals + 1));
    }
}
