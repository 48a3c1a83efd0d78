package dev.switchboard.transport.websocket.internal;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Checks an {@link UpstreamRequest} before any connection is made, so that a bad URL fails when
 * a hub is built. Every message names the bad value and says how to fix it.
 */
public final class RequestChecks {

    private RequestChecks() {
    }

    /**
     * Throws if the request cannot be served by this transport.
     *
     * @throws IllegalArgumentException naming the bad value and the fix
     */
    public static void check(UpstreamRequest request) {
        Objects.requireNonNull(request, "request");
        URI uri = request.uri();
        String shown = Redacted.uri(uri);
        String scheme = request.scheme();
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' has scheme '" + uri.getScheme()
                    + "', which transport-websocket does not handle: write it as ws://HOST:PORT/PATH or wss://HOST:PORT/PATH");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' has no host"
                    + " (or one that is not a valid host name): write it as " + scheme + "://HOST:PORT/PATH");
        }
        if (uri.getPort() > 65_535) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' has port " + uri.getPort()
                    + ", above 65535: write a port from 1 to 65535, or none for the default");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' carries user info before the host, which"
                    + " a WebSocket handshake does not send: remove it and pass credentials as a header (e.g. Authorization)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' has a fragment '#" + uri.getRawFragment()
                    + "', which WebSocket URIs may not have: remove it");
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            checkHeader(shown, header.getKey(), header.getValue());
        }
        if (!request.options().isEmpty()) {
            String names = String.join("', '", request.options().keySet());
            throw new IllegalArgumentException("unknown option '" + names + "' for upstream '" + shown
                    + "': transport-websocket takes no options, so remove it");
        }
    }

    private static void checkHeader(String shown, String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(RequestChecks::isTokenChar)) {
            throw new IllegalArgumentException("header name '" + name + "' for upstream '" + shown
                    + "' is not a valid HTTP header name: use letters, digits and - only, e.g. X-Api-Key");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header '" + name + "' for upstream '" + shown
                    + "' has a line break in its value, which would corrupt the handshake: remove it");
        }
    }

    // RFC 9110 token characters.
    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
