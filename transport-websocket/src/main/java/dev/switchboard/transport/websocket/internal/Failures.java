package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.config.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.java_websocket.framing.CloseFrame;

/**
 * The exceptions a connection reports through {@code onFailure}. Each message names the
 * upstream and says what happened in words an operator can act on.
 */
final class Failures {

    private Failures() {
    }

    static IOException connectTimeout(URI uri, Duration timeout) {
        return new SocketTimeoutException("upstream " + Redacted.uri(uri) + " did not open within "
                + Durations.format(timeout) + " (connect timeout): the TCP connection"
                + (isSecure(uri) ? ", the TLS handshake" : "") + " or the WebSocket handshake never completed");
    }

    static IOException silent(URI uri, Duration timeout) {
        return new SocketTimeoutException("upstream " + Redacted.uri(uri) + " was silent for "
                + Durations.format(timeout) + " (heartbeat timeout); reconnecting is the hub's job");
    }

    static IOException cancelled(URI uri) {
        return new IOException("connection to upstream " + Redacted.uri(uri) + " was cancelled by the client");
    }

    static IOException closedBeforeOpen(URI uri) {
        return new IOException("connection to upstream " + Redacted.uri(uri)
                + " was closed by the client before it opened");
    }

    /** The connection ended before the handshake completed. */
    static IOException couldNotOpen(URI uri, int code, String reason, Throwable reported) {
        String shown = Redacted.uri(uri);
        Throwable error = reported instanceof UncheckedIOException ? reported.getCause() : reported;
        SSLException tls = find(error, SSLException.class);
        if (tls != null) {
            return new IOException("TLS handshake with upstream " + shown + " failed: " + describe(tls)
                    + ": check that the origin speaks TLS on that port, that its certificate names the host, and that a CA"
                    + " the server trusts signed it (the JVM's trust store, javax.net.ssl.trustStore, or the hub's upstream-ca file)", tls);
        }
        if (find(error, UnknownHostException.class) != null) {
            return new IOException("could not connect to upstream " + shown + ": unknown host '" + uri.getHost() + "'",
                    error);
        }
        if (find(error, ConnectException.class) != null || error instanceof IOException) {
            return new IOException("could not connect to upstream " + shown + ": " + describe(error), error);
        }
        if (error != null) {
            return new IOException("could not open upstream " + shown + ": " + describe(error), error);
        }
        if (code == CloseFrame.PROTOCOL_ERROR && !reason.isEmpty()) {
            return new IOException("upstream " + shown + " did not accept the WebSocket handshake: " + reason);
        }
        return new IOException("upstream " + shown + " closed the connection before the WebSocket handshake completed"
                + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    /** The transport failed an open connection itself, for a reason given by its close code. */
    static IOException failedByTransport(URI uri, int code, String reason, int maxMessageSize, Throwable error) {
        String shown = Redacted.uri(uri);
        if (code == CloseFrame.TOOBIG) {
            return new IOException("upstream " + shown + " sent a message larger than maxMessageSize ("
                    + maxMessageSize + " bytes), so the connection was failed with close code 1009", error);
        }
        return new IOException("upstream " + shown + " broke the WebSocket protocol, so the connection was failed"
                + " with close code " + code + (reason.isEmpty() ? "" : ": " + reason), error);
    }

    /** The connection ended without a close frame. */
    static IOException dropped(URI uri, Throwable error) {
        return new IOException("upstream " + Redacted.uri(uri) + " dropped the connection without a close frame"
                + (error == null ? "" : ": " + describe(error)), error);
    }

    private static boolean isSecure(URI uri) {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isEmpty() ? error.getClass().getSimpleName() : message;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
