package dev.switchboard.it;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An attacker's WebSocket client on a bare socket: it writes whatever bytes it is told (unmasked
 * frames, reserved bits, absurd lengths) and reads the server's frames as they come.
 */
final class HostileSocket implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    /** The reason of the last close frame read. */
    volatile String lastCloseReason = "";

    private HostileSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** A connected socket that has sent nothing yet. */
    static HostileSocket open(URI uri) throws IOException {
        return open(uri, 0);
    }

    /** As {@link #open(URI)}, with a receive buffer of {@code receiveBuffer} bytes (0: the system's). */
    static HostileSocket open(URI uri, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            // Before connecting, so that the window the client offers is small from the first byte.
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        return new HostileSocket(socket);
    }

    /** Opens and sends a WebSocket handshake with these extra header lines; returns the response head. */
    static HostileSocket upgrade(URI uri, String extraHeaders) throws IOException {
        return upgrade(uri, extraHeaders, 0);
    }

    /** As {@link #upgrade(URI, String)}, from a socket with a receive buffer of {@code receiveBuffer} bytes. */
    static HostileSocket upgrade(URI uri, String extraHeaders, int receiveBuffer) throws IOException {
        HostileSocket s = open(uri, receiveBuffer);
        s.writeAscii("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n");
        s.flush();
        return s;
    }

    /** The response's status line and headers. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake, after: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Writes one frame: the first byte as given, then the length (masked or not), a zero key and the payload. */
    void frame(int first, boolean masked, byte[] payload) throws IOException {
        header(first, masked, payload.length);
        out.write(payload);
    }

    /** Writes a frame header declaring {@code length} payload bytes (masked, zero key), without the payload. */
    void header(int first, boolean masked, long length) throws IOException {
        out.write(first);
        int mask = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(mask | (int) length);
        } else if (length <= 0xFFFF) {
            out.write(mask | 126);
            out.write((int) (length >>> 8));
            out.write((int) length & 0xFF);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
        if (masked) {
            out.write(new byte[4]);
        }
    }

    void writeAscii(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads frames until a close frame and returns its code; other frames (pongs, data) are
     * counted into {@code pongs} when they are pongs. An end of stream without a close frame is -1.
     */
    int readCloseCode(int[] pongs) throws IOException {
        while (true) {
            int first;
            try {
                first = in.readUnsignedByte();
            } catch (EOFException e) {
                return -1;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            int opcode = first & 0x0F;
            if (opcode == 0x8) {
                lastCloseReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
            if (opcode == 0xA && pongs != null) {
                pongs[0]++;
            }
        }
    }

    /** The payload of the next text frame, skipping any other frames before it. */
    String nextText() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((first & 0x0F) == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    int readCloseCode() throws IOException {
        return readCloseCode(null);
    }

    /** Reads until the server ends the connection; true when it did (rather than the read timing out). */
    boolean readsToEnd() {
        return readsToEnd(null);
    }

    /** As {@link #readsToEnd()}, keeping what was read in {@code into} (when not null). */
    boolean readsToEnd(ByteArrayOutputStream into) {
        try {
            byte[] sink = new byte[8192];
            int n;
            while ((n = in.read(sink)) >= 0) {
                if (into != null) {
                    into.write(sink, 0, n);
                }
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset ends it too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
