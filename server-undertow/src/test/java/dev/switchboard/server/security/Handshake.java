package dev.switchboard.server.security;

import dev.switchboard.testsupport.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One WebSocket (or plain GET) request written by hand on a bare socket, so that a test controls
 * every header (Origin included) and reads the server's answer as it is: the status line, headers
 * and whatever body follows until the server hangs up.
 */
final class Handshake {

    private Handshake() {
    }

    /** The server's answer to a WebSocket handshake for {@code uri} with these extra headers. */
    static String upgrade(URI uri, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        return send(uri, request, headers);
    }

    /** The server's answer to a plain GET of {@code uri} (e.g. an SSE stream) with these extra headers. */
    static String get(URI uri, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n");
        return send(uri, request, headers);
    }

    /** The status code of a response. */
    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String send(URI uri, StringBuilder request, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TestClient.WAIT.toMillis());
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readHead(socket.getInputStream());
        }
    }

    /** The head (status line and headers) and the first bytes of a short body. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            String text = out.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            // A 101 or an event stream never ends: stop at the head (and the first event, if any).
            if (end >= 0 && (text.startsWith("HTTP/1.1 101") || text.contains("text/event-stream"))) {
                return text;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
