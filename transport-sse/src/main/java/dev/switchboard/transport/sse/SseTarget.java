package dev.switchboard.transport.sse;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * What an {@link UpstreamRequest} means for the SSE transport, checked: the real http(s) URL
 * behind the {@code sse+} scheme, the headers to send, and the optional {@code post-url}.
 * Every problem is an {@link IllegalArgumentException} naming the bad value and the fix.
 *
 * @param streamUrl   the URL to GET the event stream from
 * @param headers     the request's own headers (sent with the GET and with every POST)
 * @param lastEventId the {@code Last-Event-ID} to resume from, or null
 * @param postUrl     where {@code send()} POSTs messages, or null when the connection is receive-only
 */
record SseTarget(HttpUrl streamUrl, Headers headers, String lastEventId, HttpUrl postUrl) {

    /** The scheme prefix that marks an SSE upstream; what follows it is the real scheme. */
    static final String PREFIX = "sse+";
    /** The schemes this transport claims. */
    static final Set<String> SCHEMES = Set.of("sse+http", "sse+https");
    /** The option naming the URL that upstream sends are POSTed to. */
    static final String POST_URL = "post-url";
    private static final Set<String> OPTIONS = Set.of(POST_URL);

    static SseTarget of(UpstreamRequest request) {
        URI uri = request.uri();
        String shown = Redacted.uri(uri);
        String scheme = request.scheme();
        if (!SCHEMES.contains(scheme)) {
            String suggested = scheme.endsWith("s") ? "sse+https" : "sse+http";
            throw new IllegalArgumentException("transport-sse cannot open '" + shown + "': it handles only the"
                    + " schemes sse+http and sse+https; write the stream URL as " + suggested + "://host/path");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' has no host: write it in full, e.g. "
                    + scheme + "://host:8080/events");
        }
        for (String option : request.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' for the SSE upstream " + shown
                        + ": the only option transport-sse knows is '" + POST_URL + "'; remove it or fix its spelling");
            }
        }
        String realUrl = scheme.substring(PREFIX.length()) + ":" + uri.getRawSchemeSpecificPart();
        HttpUrl streamUrl = HttpUrl.parse(realUrl);
        if (streamUrl == null) {
            throw new IllegalArgumentException("upstream URI '" + shown + "' is not a valid URL once its '" + PREFIX
                    + "' prefix is removed; write it like " + scheme + "://host:8080/events");
        }
        return new SseTarget(streamUrl, headersOf(request, shown), request.lastEventId().orElse(null),
                postUrlOf(request.options(), shown));
    }

    private static Headers headersOf(UpstreamRequest request, String shown) {
        Headers.Builder headers = new Headers.Builder();
        request.headers().forEach((name, value) -> {
            try {
                headers.add(name, value);
            } catch (IllegalArgumentException e) {
                // Not OkHttp's message: it quotes the value, and a header value is often a credential.
                throw new IllegalArgumentException("header '" + name + "' of the request for " + shown
                        + " cannot be sent over HTTP (its name or value holds a line break or a non-ASCII character);"
                        + " remove line breaks and non-ASCII characters from it");
            }
        });
        // Checked here so that a bad id fails validate(), though it is only sent with the GET.
        request.lastEventId().ifPresent(id -> {
            try {
                new Headers.Builder().add("Last-Event-ID", id);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the last event id of the request for " + shown
                        + " cannot be sent over HTTP (" + e.getMessage() + "); remove line breaks and non-ASCII"
                        + " characters from it", e);
            }
        });
        return headers.build();
    }

    private static HttpUrl postUrlOf(Map<String, String> options, String shown) {
        String value = options.get(POST_URL);
        if (value == null) {
            return null;
        }
        HttpUrl url = HttpUrl.parse(value);
        String lower = value.toLowerCase(Locale.ROOT);
        if (url == null || !(lower.startsWith("http://") || lower.startsWith("https://"))) {
            throw new IllegalArgumentException("option " + POST_URL + " '" + Redacted.uri(value) + "' for the SSE upstream " + shown
                    + " is not an http(s) URL: write it in full, e.g. https://host/inbox");
        }
        return url;
    }

    /** Whether {@code send()} has somewhere to go. */
    boolean canSend() {
        return postUrl != null;
    }
}
