package dev.switchboard.server.ws;

import dev.switchboard.server.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Base64;

/**
 * Checks a WebSocket opening handshake per RFC 6455 section 4.2.1 before anything else looks at
 * it: {@code Sec-WebSocket-Version} must be 13 (otherwise 426 with {@code Sec-WebSocket-Version:
 * 13}, which says what to speak), and {@code Sec-WebSocket-Key} must be the base64 of 16 bytes
 * (otherwise 400). A request that asks for no upgrade passes on unchanged (the endpoint answers it
 * 426). Error texts are fixed sentences: nothing of the request is repeated.
 */
final class HandshakeCheck implements HttpHandler {

    /** The only protocol version spoken. */
    static final String VERSION = "13";
    private static final int KEY_BYTES = 16;

    private final HttpHandler next;

    HandshakeCheck(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            next.handleRequest(exchange);
            return;
        }
        if (!VERSION.equals(trimmed(exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_VERSION)))) {
            exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, VERSION);
            exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
            PlainText.send(exchange, StatusCodes.UPGRADE_REQUIRED, "unsupported Sec-WebSocket-Version: this server speaks"
                    + " WebSocket version 13 (RFC 6455) only");
            return;
        }
        if (!validKey(exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_KEY))) {
            PlainText.send(exchange, StatusCodes.BAD_REQUEST, "invalid Sec-WebSocket-Key: it must be the base64 of 16"
                    + " random bytes (24 characters), as RFC 6455 section 4.1 says");
            return;
        }
        next.handleRequest(exchange);
    }

    private static boolean validKey(String key) {
        String text = trimmed(key);
        if (text == null || text.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(text).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
