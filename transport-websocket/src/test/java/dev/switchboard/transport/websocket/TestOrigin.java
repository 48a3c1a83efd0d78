package dev.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * A real WebSocket origin on 127.0.0.1 and a free port, recording what clients do and running
 * scripted reactions.
 */
final class TestOrigin extends WebSocketServer implements AutoCloseable {

    /** A close seen by the origin. */
    record CloseSeen(int code, String reason, boolean remote) {
    }

    final BlockingQueue<ClientHandshake> handshakes = new LinkedBlockingQueue<>();
    final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
    /** Received text as String, binary as byte[]. */
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final BlockingQueue<CloseSeen> closes = new LinkedBlockingQueue<>();
    final AtomicInteger pings = new AtomicInteger();

    private final CountDownLatch started = new CountDownLatch(1);
    private boolean tls;
    private volatile Consumer<WebSocket> onOpen = c -> { };
    private volatile BiConsumer<WebSocket, String> onText = (c, s) -> { };

    private TestOrigin() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setDaemon(true);
        setConnectionLostTimeout(0);
    }

    /** A started origin, its port known. */
    static TestOrigin launch() throws InterruptedException {
        return launch(new TestOrigin());
    }

    /**
     * A started {@code wss} origin whose certificate is for {@code localhost} only, trusted
     * through the test JVM's default trust store (see the module's surefire configuration).
     */
    static TestOrigin launchTls() throws Exception {
        TestOrigin origin = new TestOrigin();
        origin.tls = true;
        origin.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(serverTlsContext()));
        return launch(origin);
    }

    private static TestOrigin launch(TestOrigin origin) throws InterruptedException {
        origin.start();
        assertThat(origin.started.await(5, TimeUnit.SECONDS)).as("origin started").isTrue();
        return origin;
    }

    private static SSLContext serverTlsContext() throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestOrigin.class.getResourceAsStream("/tls/origin-keystore.p12")) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    TestOrigin whenOpened(Consumer<WebSocket> action) {
        onOpen = action;
        return this;
    }

    TestOrigin whenText(BiConsumer<WebSocket, String> action) {
        onText = action;
        return this;
    }

    /** The origin's URI on 127.0.0.1 ({@code ws}) or localhost ({@code wss}, matching the certificate). */
    URI uri(String path) {
        return tls ? URI.create("wss://localhost:" + getPort() + path) : URI.create("ws://127.0.0.1:" + getPort() + path);
    }

    <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T t = queue.poll(5, TimeUnit.SECONDS);
        assertThat(t).as("origin saw %s within 5s", what).isNotNull();
        return t;
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        handshakes.add(handshake);
        connections.add(conn);
        onOpen.accept(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        received.add(message);
        onText.accept(conn, message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        received.add(bytes);
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        pings.incrementAndGet();
        super.onWebsocketPing(conn, f);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        closes.add(new CloseSeen(code, reason, remote));
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // Clients dropping on purpose are part of the tests.
    }

    @Override
    public void close() {
        try {
            stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
