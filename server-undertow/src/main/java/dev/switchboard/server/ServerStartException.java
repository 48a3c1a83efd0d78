package dev.switchboard.server;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * The server could not start listening. The message is a sentence for people that names the
 * address, such as {@code cannot listen on 127.0.0.1:8080: address already in use}.
 */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ListenAddress address;
    private final String problem;

    ServerStartException(ListenAddress address, Throwable cause) {
        this(address, describe(address, cause), cause);
    }

    private ServerStartException(ListenAddress address, String problem, Throwable cause) {
        super("cannot listen on " + address + ": " + problem, cause);
        this.address = address;
        this.problem = problem;
    }

    /** The address the server tried to listen on. */
    public ListenAddress address() {
        return address;
    }

    /** What went wrong, such as {@code address already in use}. */
    public String problem() {
        return problem;
    }

    private static String describe(ListenAddress address, Throwable failure) {
        // The listener wraps the socket's BindException in a RuntimeException; the useful words are inside it.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host '" + address.host() + "'";
            }
            if (t instanceof BindException) {
                String message = String.valueOf(t.getMessage());
                if (message.toLowerCase(java.util.Locale.ROOT).contains("in use")) {
                    return "address already in use";
                }
                return message.toLowerCase(java.util.Locale.ROOT);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
