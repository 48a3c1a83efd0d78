package dev.switchboard.server.cli;

/**
 * Bad input on the command line. The message is one sentence that names the option, the value,
 * and what to write instead; the command prints it alone, with no stack trace, and exits with
 * {@link ExitCodes#BAD_INPUT}.
 */
class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
