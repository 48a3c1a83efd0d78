package com.example.switchboard.lines;

import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import java.util.Set;

/**
 * Where a {@code tcp+lines} request connects, checked. Every problem is an
 * {@link IllegalArgumentException} whose message names the bad value and the fix, because the
 * hub shows it to the person who wrote the URI.
 *
 * @param host the host name or address to connect to
 * @param port the TCP port, 1 to 65535
 */
record LinesAddress(String host, int port) {

    private static final String EXAMPLE = LinesTransportProvider.SCHEME + "://feed.example.com:7000";

    static LinesAddress of(UpstreamRequest request) {
        URI uri = request.uri();
        if (!request.scheme().equals(LinesTransportProvider.SCHEME)) {
            throw new IllegalArgumentException("transport-lines cannot open '" + uri + "': it handles only the scheme "
                    + LinesTransportProvider.SCHEME + "; write the upstream as " + EXAMPLE);
        }
        if (uri.getHost() == null || uri.getPort() == -1) {
            throw new IllegalArgumentException("upstream URI '" + uri + "' needs a host and a port: write it as " + EXAMPLE);
        }
        boolean hasPath = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/");
        if (hasPath || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("upstream URI '" + uri + "' has more than a host and a port, which plain"
                    + " TCP cannot use: write it as " + LinesTransportProvider.SCHEME + "://" + uri.getHost() + ":" + uri.getPort());
        }
        if (!request.options().isEmpty()) {
            throw new IllegalArgumentException("unknown option '" + first(request.options().keySet()) + "' for the upstream "
                    + uri + ": transport-lines has no options; remove it");
        }
        if (!request.headers().isEmpty()) {
            throw new IllegalArgumentException("header '" + first(request.headers().keySet()) + "' cannot be sent to the"
                    + " upstream " + uri + ": plain TCP has no headers; remove it, or send credentials as a first line"
                    + " with the hub's on-connect messages (HubBuilder.onConnect)");
        }
        return new LinesAddress(uri.getHost(), uri.getPort());
    }

    private static String first(Set<String> names) {
        return names.iterator().next();
    }
}
