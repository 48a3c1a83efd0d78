package dev.switchboard.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket origin that answers the handshake and then never reads another byte, on a raw
 * {@link ServerSocket}: whatever a client sends fills the kernel's buffers and then waits in
 * the client. Each accepted socket is kept open, so that only the client can end the TCP
 * connection; {@link #readToEnd} later reads one, to see the client's end (EOF or a reset).
 */
final class StalledOrigin implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    StalledOrigin() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptForever, "stalled-origin-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/stalled");
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection accepted so far, in order; they stay open until {@link #close()}. */
    List<Socket> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * Starts reading {@code socket} until its end: completes with "EOF" or "reset" once the
     * client's side of the connection is gone. It never completes while the client keeps it open.
     */
    CompletableFuture<String> readToEnd(Socket socket) {
        CompletableFuture<String> end = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = socket.getInputStream()) {
                while (in.read(buffer) != -1) {
                    // what the client had queued before it went
                }
                end.complete("EOF");
            } catch (IOException e) {
                end.complete("reset");
            }
        }, "stalled-origin-reader");
        reader.setDaemon(true);
        reader.start();
        return end;
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                answerHandshake(socket);
                accepted.add(socket);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void answerHandshake(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String key = null;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        if (key == null) {
            socket.close();
            throw new IOException("no Sec-WebSocket-Key in the handshake");
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    // Byte by byte, so that nothing after the handshake is read ahead.
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("end of stream inside the handshake");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
