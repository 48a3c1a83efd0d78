package dev.switchboard.transport.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;

/** Helpers that make URIs for the compatibility checks out of an origin's URI. */
public final class TckUris {

    private TckUris() {
    }

    /** {@code uri} with its host set to 127.0.0.1 and its port to {@code port}; scheme, path and query kept. */
    public static URI withPort(URI uri, int port) {
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), "127.0.0.1", port, uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot move " + uri + " to port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code uri} moved to a port where nothing listens: one the system just handed out and that
     * was closed again. Another process could take it in between, but on a test machine that is
     * rare enough not to matter.
     */
    public static URI refused(URI uri) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on 127.0.0.1 for a refused connection", e);
        }
        return withPort(uri, port);
    }
}
