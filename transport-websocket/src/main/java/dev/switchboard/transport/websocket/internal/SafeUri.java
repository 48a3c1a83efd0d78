package dev.switchboard.transport.websocket.internal;

import java.net.URI;

/**
 * Shows an upstream URI in messages and thread names without secrets: feeds often carry an API
 * key in the query or user info, and messages end up in logs.
 */
final class SafeUri {

    private SafeUri() {
    }

    /** The URI as written, except that user info is dropped and a query is shown as {@code ?…}. */
    static String show(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
            return uri.toString();
        }
        StringBuilder s = new StringBuilder();
        s.append(uri.getScheme()).append("://");
        if (uri.getHost() != null) {
            s.append(uri.getHost());
        }
        if (uri.getPort() != -1) {
            s.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            s.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            s.append("?…");
        }
        return s.toString();
    }

    /** Host and port only, short enough for a thread name. */
    static String hostAndPort(URI uri) {
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
