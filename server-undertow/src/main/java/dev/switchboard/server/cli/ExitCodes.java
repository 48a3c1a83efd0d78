package dev.switchboard.server.cli;

/** The exit codes of {@code switchboard-server}, as listed in its {@code --help}. */
public final class ExitCodes {

    /** The server ran and stopped normally, or help or the version was shown. */
    public static final int OK = 0;
    /** An unexpected failure: a bug, reported with its stack trace. */
    public static final int FAILURE = 1;
    /**
     * Bad input: an unknown or malformed option, an invalid value, an upstream no transport
     * handles, or a listen address that cannot be used. One line on stderr says what to change.
     * Picocli uses 2 for usage errors too, so every kind of bad input shares it.
     */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
