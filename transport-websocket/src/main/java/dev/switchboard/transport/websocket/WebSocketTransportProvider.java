package dev.switchboard.transport.websocket;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.websocket.internal.RealWebSocketUpstream;
import dev.switchboard.transport.websocket.internal.RequestChecks;
import dev.switchboard.transport.websocket.internal.SharedScheduler;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code ws://} and {@code wss://} transport, on Java-WebSocket.
 *
 * <p>Each connection sends the request's headers on the opening handshake, fails if it is not
 * open within {@link UpstreamRequest#connectTimeout()}, pings the upstream every
 * {@link UpstreamRequest#heartbeatInterval()} and fails if nothing at all arrives for
 * {@link UpstreamRequest#heartbeatTimeout()}, and fails with close code 1009 when the upstream
 * sends a message larger than {@link UpstreamRequest#maxMessageSize()}. {@code close()} sends a
 * close frame (1000) and waits for the upstream's answer for at most the connect timeout before
 * dropping the connection.
 *
 * <p>{@code wss://} checks the server's host name and its certificate against the request's
 * {@linkplain UpstreamRequest#trustedCertificates() trusted certificates} (a private CA; the
 * hub setting {@code upstream-ca}) or, when it names none, the JVM's default
 * {@link javax.net.ssl.SSLContext}, which the {@code javax.net.ssl.trustStore} system
 * properties configure.
 *
 * <p>The transport takes no {@linkplain UpstreamRequest#options() options}; it rejects any.
 * {@link UpstreamRequest#lastEventId()} is ignored: WebSocket has no standard way to resume; an
 * upstream that supports one takes it in the URL or a header.
 * All connections made by one provider share one small daemon timer thread, created on first
 * use.
 */
public final class WebSocketTransportProvider implements TransportProvider {

    private static final Set<String> SCHEMES = Set.of("ws", "wss");

    // Holds no thread until the first connection: discovery instantiates every provider.
    private final SharedScheduler scheduler = new SharedScheduler("switchboard-ws-timer");

    /** Creates the provider; does no work, as {@link java.util.ServiceLoader} discovery requires. */
    public WebSocketTransportProvider() {
    }

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public String name() {
        return "transport-websocket";
    }

    @Override
    public void validate(UpstreamRequest request) {
        RequestChecks.check(request);
    }

    @Override
    public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        RequestChecks.check(request);
        return RealWebSocketUpstream.start(request, listener, scheduler.get());
    }
}
