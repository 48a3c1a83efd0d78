package dev.switchboard.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client written on a bare socket, for what the JDK's client hides: sending a frame
 * whose header promises more bytes than are written yet, and seeing whether the server ends the
 * TCP connection with an orderly FIN or a reset.
 */
public final class RawSocketClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private String handshakeResponse;

    /** A frame as read: its opcode and payload. */
    public record Frame(int opcode, byte[] payload) {
        /** The close code of a close frame. */
        public int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private RawSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes the opening handshake. */
    public static RawSocketClient connect(URI uri) throws IOException {
        return connect(uri, null, 0);
    }

    /**
     * Connects asking for {@code subprotocol} (none when null), with a receive buffer of
     * {@code receiveBuffer} bytes (the system's default when 0): a small one makes a client that
     * does not read fill up quickly.
     */
    public static RawSocketClient connect(URI uri, String subprotocol, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the TCP window is sized by it
        }
        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), (int) TestClient.WAIT.toMillis());
        socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        RawSocketClient client = new RawSocketClient(socket);
        String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        client.out.write(request.getBytes(StandardCharsets.US_ASCII));
        client.out.flush();
        String response = client.readHeaders();
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
        client.handshakeResponse = response;
        return client;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Writes the header of a final binary frame of {@code length} bytes, masked with a zero key. */
    public void startBinaryFrame(long length) throws IOException {
        out.write(0x82);
        out.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (length >>> shift) & 0xFF);
        }
        out.write(new byte[4]); // a zero masking key leaves the payload as written
        out.flush();
    }

    /** Writes payload bytes of the frame started before. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The server's answer to the opening handshake: status line and headers. */
    public String handshakeResponse() {
        return handshakeResponse;
    }

    /**
     * Writes one whole text frame, masked with a zero key; does not flush, so that many frames
     * can go out in one write (see {@link #flush()}).
     */
    public void writeText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        out.write(new byte[4]);
        out.write(payload);
    }

    /** Flushes what {@link #writeText} wrote. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Sends an empty ping, masked with a zero key, and flushes. */
    public void writePing() throws IOException {
        out.write(new byte[] {(byte) 0x89, (byte) 0x80, 0, 0, 0, 0});
        out.flush();
    }

    /** Sends a close frame with {@code code}. */
    public void sendClose(int code) throws IOException {
        out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, (byte) (code >>> 8), (byte) code});
        out.flush();
    }

    /** Reads the next frame from the server (servers never mask). */
    public Frame readFrame() throws IOException {
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
        return new Frame(first & 0x0F, payload);
    }

    /**
     * Reads until the server ends the connection: returns normally on an orderly end of stream,
     * throws (a {@link java.net.SocketException}, "Connection reset") on a reset.
     */
    public void readToEnd() throws IOException {
        InputStream raw = in;
        byte[] sink = new byte[8192];
        while (raw.read(sink) >= 0) {
            // discard
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
