package dev.switchboard.server.cli;

import java.util.List;

/**
 * Every problem found in the configuration (file, environment and command line), each one line
 * naming where the value came from (a key path such as {@code hubs.prices.linger}, a variable or
 * an option), the bad value and the fix. The command prints one line per error and exits with
 * {@link ExitCodes#BAD_INPUT}.
 */
final class ConfigErrors extends UsageException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    ConfigErrors(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    /** The errors, in the order they were found. */
    List<String> errors() {
        return errors;
    }
}
