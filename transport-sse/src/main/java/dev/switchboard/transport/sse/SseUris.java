package dev.switchboard.transport.sse;

import java.net.URI;

/**
 * Shows a URI in messages without its secrets. SSE feeds often carry an API token in the query,
 * because a browser's EventSource cannot send headers, and failure messages end up in logs.
 */
final class SseUris {

    private SseUris() {
    }

    /** The URI as written, except that user info is dropped and a query is shown as {@code ?…}. */
    static String show(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
            return uri.toString();
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getHost() != null) {
            shown.append(uri.getHost());
        }
        if (uri.getPort() != -1) {
            shown.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            shown.append("?…");
        }
        return shown.toString();
    }
}
