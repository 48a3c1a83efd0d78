package com.example.switchboard.lines;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.util.Set;

/**
 * An example transport plugin: {@code tcp+lines://HOST:PORT} upstreams that speak lines of UTF-8
 * text over a plain TCP socket, one message per line. It uses the JDK only, so its jar is all a
 * server needs to load it.
 *
 * <h2>The protocol</h2>
 * <ul>
 *   <li>Every line the upstream sends, ended by {@code \n} (a {@code \r} before it is removed),
 *       is one {@code Message.text(line)}.</li>
 *   <li>A blank line is a keep-alive, not a message: TCP has no ping, so the upstream proves it
 *       is alive by sending something, and a blank line is the smallest something.</li>
 *   <li>The upstream speaks first: the connection counts as open when its first line arrives
 *       (a blank keep-alive line will do), not when TCP connects. Accepting a TCP connection
 *       proves little (a port forwarder, a load balancer without backends, a hung process
 *       whose listen queue is still open all accept), and this way "open" means the upstream
 *       is really there, and {@code send()} before it returns false.</li>
 *   <li>{@code send()} writes the text and {@code \n}.</li>
 * </ul>
 *
 * <h2>How it uses the request</h2>
 * <ul>
 *   <li>{@link UpstreamRequest#connectTimeout()}: the TCP connect and the first line together
 *       must arrive within it.</li>
 *   <li>{@link UpstreamRequest#heartbeatTimeout()}: the socket's read timeout once open, so an
 *       upstream that sends nothing for that long (not even a blank line) fails with a message
 *       naming the timeout. {@link UpstreamRequest#heartbeatInterval()} is not used: there is
 *       nothing to probe with.</li>
 *   <li>{@link UpstreamRequest#maxMessageSize()}: the longest line accepted, in bytes; a longer
 *       one fails the connection before the rest of it is read.</li>
 *   <li>Headers cannot be sent over plain TCP, so a request with headers is rejected rather than
 *       silently sent without its credentials; there are no options; the last event id is
 *       ignored, as lines carry no ids.</li>
 * </ul>
 *
 * <p>The constructor does nothing, as {@link TransportProvider} asks: the server creates every
 * provider it finds, used or not. Each connection gets its own threads (see
 * {@code LinesConnection}), so there is nothing shared to set up.
 */
public final class LinesTransportProvider implements TransportProvider {

    /** The one scheme this transport handles. */
    public static final String SCHEME = "tcp+lines";

    /** Does nothing; see the class comment. */
    public LinesTransportProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    /** The name users see in error messages that list what is installed. */
    @Override
    public String name() {
        return "transport-lines";
    }

    /** Checks the URI, headers and options, so that a bad one fails when the hub is built. */
    @Override
    public void validate(UpstreamRequest request) {
        LinesAddress.of(request);
    }

    /** Starts the connection's reader thread and returns at once; the outcome reaches {@code listener}. */
    @Override
    public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
        LinesConnection connection = new LinesConnection(request, LinesAddress.of(request), listener);
        connection.start();
        return connection;
    }
}
