package dev.switchboard.server.envelope;

/**
 * An envelope from a client that cannot be used. {@link #code()} is one of the error codes in
 * {@code docs/protocol.md}; the message names the problem for people.
 */
public final class EnvelopeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String ref;

    /** An error with a protocol code and a sentence. */
    public EnvelopeException(String code, String message) {
        this(code, message, null);
    }

    /**
     * An error with a protocol code, a sentence, and the {@code id} of the {@code send} it is
     * about ({@code null} when the envelope had none), which the error envelope echoes as {@code ref}.
     */
    public EnvelopeException(String code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    /** The protocol's error code, e.g. {@code bad-json}. */
    public String code() {
        return code;
    }

    /** The id of the {@code send} this error is about, if it had a usable one. */
    public java.util.Optional<String> ref() {
        return java.util.Optional.ofNullable(ref);
    }
}
