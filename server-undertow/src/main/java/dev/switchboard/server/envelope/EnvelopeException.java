package dev.switchboard.server.envelope;

/**
 * An envelope from a client that cannot be used. {@link #code()} is one of the error codes in
 * {@code docs/protocol.md}; the message names the problem for people.
 */
public final class EnvelopeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    /** An error with a protocol code and a sentence. */
    public EnvelopeException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The protocol's error code, e.g. {@code bad-json}. */
    public String code() {
        return code;
    }
}
