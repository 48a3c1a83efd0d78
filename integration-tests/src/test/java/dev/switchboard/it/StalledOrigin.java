package dev.switchboard.it;

import dev.switchboard.testsupport.RawHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket origin that answers the handshake and then never reads another byte, on a raw
 * {@link ServerSocket}: whatever a client sends fills the kernel's buffers and then waits in
 * the client. Each accepted socket is kept open, so that only the client can end the TCP
 * connection; {@link #readToEnd} later reads one, to see the client's end (EOF or a reset).
 */
final class StalledOrigin implements AutoCloseable {

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

    /**
     * Starts reading {@code socket} as a slow WebSocket origin would, late and at about
     * {@code bytesPerSecond}: collects the text frames the client sent (unmasked) until the
     * client's close frame or the end of the connection.
     */
    CompletableFuture<List<String>> readTextFrames(Socket socket, int bytesPerSecond) {
        CompletableFuture<List<String>> frames = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            List<String> texts = new java.util.ArrayList<>();
            // Closing the stream stops its pace timer (and closes the socket, whose end was read).
            try (java.io.DataInputStream in = new java.io.DataInputStream(
                    new java.io.BufferedInputStream(new SlowInput(socket.getInputStream(), bytesPerSecond), 16 * 1024))) {
                while (true) {
                    int first = in.readUnsignedByte();
                    int second = in.readUnsignedByte();
                    long length = second & 0x7f;
                    if (length == 126) {
                        length = in.readUnsignedShort();
                    } else if (length == 127) {
                        length = in.readLong();
                    }
                    byte[] mask = new byte[(second & 0x80) != 0 ? 4 : 0];
                    in.readFully(mask);
                    byte[] payload = new byte[Math.toIntExact(length)];
                    in.readFully(payload);
                    for (int i = 0; mask.length == 4 && i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                    int opcode = first & 0x0f;
                    if (opcode == 0x8) {
                        break;
                    }
                    if (opcode == 0x1) {
                        texts.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException endOfConnection) {
                // what came before the end is the answer
            }
            frames.complete(texts);
        }, "stalled-origin-frames");
        reader.setDaemon(true);
        reader.start();
        return frames;
    }

    /**
     * Reads at most a tenth of the rate per 100 ms, the pace of a slow peer: a timer hands out one
     * read every 100 ms, and each read waits for its turn.
     */
    private static final class SlowInput extends java.io.FilterInputStream {
        private final int chunk;
        private final java.util.concurrent.Semaphore turns = new java.util.concurrent.Semaphore(0);
        private final java.util.concurrent.ScheduledExecutorService pace =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "stalled-origin-pace");
                    t.setDaemon(true);
                    return t;
                });

        SlowInput(InputStream in, int bytesPerSecond) {
            super(in);
            this.chunk = Math.max(1, bytesPerSecond / 10);
            pace.scheduleAtFixedRate(() -> {
                if (turns.availablePermits() == 0) {
                    turns.release();
                }
            }, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                turns.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            return super.read(b, off, Math.min(len, chunk));
        }

        @Override
        public void close() throws IOException {
            pace.shutdownNow();
            super.close();
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                RawHandshake.answer(socket);
                accepted.add(socket);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
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
