package dev.switchboard.hub.transport;

/**
 * No installed transport handles a URI scheme, or two claim it. The message names the scheme,
 * what is installed, and what to add.
 */
public final class TransportNotFoundException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message for people. */
    public TransportNotFoundException(String message) {
        super(message);
    }
}
