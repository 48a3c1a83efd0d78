package dev.switchboard.transport.websocket;

import dev.switchboard.testsupport.RawHandshake;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A misbehaving origin on a raw {@link ServerSocket}, for what a well-behaved WebSocket server
 * cannot be made to do: accept and never answer, answer the handshake and then say nothing
 * ever again (not even a pong or a close), or answer in plain text where TLS was expected.
 */
final class RawOrigin implements AutoCloseable {

    enum Mode {
        /** Accepts TCP, reads, never writes a byte. */
        MUTE,
        /** Completes the WebSocket handshake, then reads client frames and never writes again. */
        HANDSHAKE_THEN_SILENT,
        /** Completes the WebSocket handshake, then never reads or writes again: a peer that stopped reading. */
        HANDSHAKE_THEN_DEAF,
        /** Answers with a plain HTTP 400, as a plain web server would answer a TLS hello. */
        PLAIN_TEXT
    }

    /** WebSocket opcodes, for {@link #clientOpcodes}. */
    static final int PING = 0x9;
    static final int CLOSE = 0x8;

    final CountDownLatch accepted = new CountDownLatch(1);
    /** Opcodes of the frames the client sent after the handshake. */
    final BlockingQueue<Integer> clientOpcodes = new LinkedBlockingQueue<>();
    /** Counts down when the client's side of a connection is gone (EOF or reset). */
    final CountDownLatch clientGone = new CountDownLatch(1);

    private final Mode mode;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RawOrigin(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "raw-origin-acceptor-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawOrigin start(Mode mode) throws IOException {
        return new RawOrigin(mode);
    }

    URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + path);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                accepted.countDown();
                Thread t = new Thread(() -> serve(s), "raw-origin-conn-" + server.getLocalPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case MUTE -> drain(in);
                case PLAIN_TEXT -> {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    drain(in);
                }
                case HANDSHAKE_THEN_SILENT -> {
                    RawHandshake.answer(s);
                    readFrames(in);
                }
                case HANDSHAKE_THEN_DEAF -> {
                    RawHandshake.answer(s);
                    closing.await();
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        } catch (IOException e) {
            // The client went away abruptly: that is an end too.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clientGone.countDown();
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) != -1) {
            // Never answer.
        }
    }

    // Client frames are always masked (RFC 6455 5.3).
    private void readFrames(InputStream in) throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 == -1 || b1 == -1) {
                return;
            }
            clientOpcodes.add(b0 & 0x0F);
            long length = b1 & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            long skip = length + ((b1 & 0x80) != 0 ? 4 : 0);
            for (long i = 0; i < skip; i++) {
                if (in.read() == -1) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
