package dev.switchboard.server.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** Sends short plain-text answers: one line a person can act on. */
public final class PlainText {

    private PlainText() {
    }

    /** Answers {@code status} with one line of text. */
    public static void send(HttpServerExchange exchange, int status, String line) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(RequestLimits.NOSNIFF_HEADER, "nosniff");
        exchange.getResponseSender().send(line + "\n");
    }
}
