package dev.switchboard.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;

/**
 * The first handler of every request: it marks every response {@code X-Content-Type-Options:
 * nosniff}, so no browser ever reads an error text as a page, and refuses requests that are too
 * big to be anything but an attack before any route sees them: a URL (path and query) longer than
 * {@value #MAX_URL_BYTES} bytes gets 414, request headers over {@value #MAX_HEADER_BYTES} bytes in
 * all get 431. Undertow's own parser limit ({@link #PARSER_LIMIT}) stays far above these, so that
 * such requests are answered with a status rather than a dropped connection; past it, the
 * parser answers a fixed 400 and closes.
 */
public final class RequestLimits implements HttpHandler {

    /** The longest request URL, path and query together, in bytes. */
    public static final int MAX_URL_BYTES = 8 * 1024;
    /** The most bytes all request headers together may have (names and values). */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Undertow's {@code MAX_HEADER_SIZE}: the request line and headers it will parse at all. */
    public static final int PARSER_LIMIT = 1024 * 1024;

    static final HttpString NOSNIFF_HEADER = new HttpString("X-Content-Type-Options");

    private final HttpHandler next;

    /** {@code next} behind the limits. */
    public RequestLimits(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(NOSNIFF_HEADER, "nosniff");
        long url = exchange.getRequestURI().length() + exchange.getQueryString().length();
        if (url > MAX_URL_BYTES) {
            exchange.setPersistent(false);
            PlainText.send(exchange, 414, "request URL longer than " + MAX_URL_BYTES
                    + " bytes: shorten it (send data in a message, not in the URL)");
            return;
        }
        long headers = 0;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                headers += values.getHeaderName().length() + 2 + value.length();
            }
        }
        if (headers > MAX_HEADER_BYTES) {
            exchange.setPersistent(false);
            PlainText.send(exchange, 431, "request headers larger than " + MAX_HEADER_BYTES
                    + " bytes in all: send fewer or shorter headers (and cookies)");
            return;
        }
        next.handleRequest(exchange);
    }
}
