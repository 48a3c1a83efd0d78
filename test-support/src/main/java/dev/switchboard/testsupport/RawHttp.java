package dev.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand on a bare socket, for requests no client library will send: a 100 KB
 * URL, a broken WebSocket key, a body that never ends. Reads one response: its head and, by
 * {@code Content-Length}, its body.
 */
public final class RawHttp {

    /** A response as read: the status, the head (status line and headers) and the body text. */
    public record Response(int status, String head, String body) {
        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** Something that writes the request body after its head; may throw when the server closes. */
    public interface Body {
        /** Writes the body. */
        void write(OutputStream out) throws IOException;
    }

    private RawHttp() {
    }

    /** Sends {@code head} (the request line and headers, without the blank line) to {@code server} and reads the answer. */
    public static Response send(URI server, String head) throws IOException {
        return send(server, head, out -> { });
    }

    /**
     * Sends {@code head}, then the {@code body} from another thread (so that a server that answers
     * before reading it all is seen answering), and reads the answer.
     */
    public static Response send(URI server, String head, Body body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), (int) TestClient.WAIT.toMillis());
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
            OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 65536);
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException closedByServer) {
                    // The server answered and closed before the whole body was written: allowed.
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before a whole response head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        Response headOnly = new Response(status, text, "");
        String length = headOnly.header("Content-Length");
        byte[] body = new byte[0];
        if (length != null && status != 101) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equals(String.valueOf(headOnly.header("Transfer-Encoding")).toLowerCase(Locale.ROOT))) {
            body = readChunked(in);
        }
        return new Response(status, text, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            in.read();
            in.read();
        }
    }
}
