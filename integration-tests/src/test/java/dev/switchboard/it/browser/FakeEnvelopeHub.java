package dev.switchboard.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * A hub written for the browser tests that speaks the envelope protocol of docs/protocol.md over
 * subprotocol {@code switchboard.v1}: {@code welcome} first, {@code message} with cursors
 * {@code EPOCH:SEQ}, {@code ping} every heartbeat, {@code ack} for a {@code send} with an id,
 * {@code status}, and resume with {@code ?since=} (replay, or a {@code gap} when the cursor is
 * from another epoch or older than what it retains). It has no upstream: {@link #publish} plays
 * one. A restart gets a new epoch, as the real hub does.
 */
final class FakeEnvelopeHub implements HubFixture {

    static final String SUBPROTOCOL = "switchboard.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration heartbeat;
    private final int retain;
    private final Object lock = new Object();
    private final ScheduledExecutorService pinger;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final AtomicInteger attaches = new AtomicInteger();
    private final List<String> sinceSeen = new CopyOnWriteArrayList<>();
    private final List<String> tokensSeen = new CopyOnWriteArrayList<>();
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    private int port;
    private Server server;
    // guarded by lock
    private String epoch;
    private long head;
    private final Deque<Retained> retained = new ArrayDeque<>();
    private final Map<WebSocket, String> ports = new LinkedHashMap<>();
    private String upstreamState = "OPEN";

    private FakeEnvelopeHub(Duration heartbeat, int retain) {
        this.heartbeat = heartbeat;
        this.retain = retain;
        this.pinger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-hub-pinger");
            t.setDaemon(true);
            return t;
        });
        long ms = heartbeat.toMillis();
        pinger.scheduleAtFixedRate(this::pingAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** A fake hub on a free port of 127.0.0.1 that pings every second and retains 1000 messages. */
    static FakeEnvelopeHub launch() {
        return launch(Duration.ofSeconds(1), 1000);
    }

    static FakeEnvelopeHub launch(Duration heartbeat, int retain) {
        FakeEnvelopeHub hub = new FakeEnvelopeHub(heartbeat, retain);
        hub.port = 0;
        hub.start();
        return hub;
    }

    @Override
    public String url() {
        return "ws://127.0.0.1:" + port + "/hubs/default/ws";
    }

    @Override
    public void publish(String text) {
        synchronized (lock) {
            head++;
            String cursor = epoch + ":" + head;
            ObjectNode env = JSON.createObjectNode().put("type", "message").put("cursor", cursor).put("data", text);
            String frame = env.toString();
            retained.addLast(new Retained(head, frame));
            while (retained.size() > retain) {
                retained.removeFirst();
            }
            for (WebSocket ws : ports.keySet()) {
                sendQuietly(ws, frame);
            }
        }
    }

    /** Makes the upstream publish one binary message (sent base64-encoded, as the real hub does). */
    void publishBinary(byte[] bytes) {
        synchronized (lock) {
            head++;
            String frame = JSON.createObjectNode().put("type", "message").put("cursor", epoch + ":" + head)
                    .put("data", java.util.Base64.getEncoder().encodeToString(bytes)).put("encoding", "base64").toString();
            retained.addLast(new Retained(head, frame));
            while (retained.size() > retain) {
                retained.removeFirst();
            }
            ports.keySet().forEach(ws -> sendQuietly(ws, frame));
        }
    }

    /** Tells every port the upstream changed state, as the real hub's {@code status} envelope. */
    void status(String state, String detail) {
        synchronized (lock) {
            upstreamState = state;
            String frame = JSON.createObjectNode().put("type", "status").put("state", state).put("detail", detail).toString();
            ports.keySet().forEach(ws -> sendQuietly(ws, frame));
        }
    }

    @Override
    public int portCount() {
        synchronized (lock) {
            return ports.size();
        }
    }

    @Override
    public boolean upstreamOpen() {
        return true;
    }

    @Override
    public int upstreamConnections() {
        return -1;
    }

    @Override
    public List<String> sent() {
        return List.copyOf(sent);
    }

    /** How many {@code pong} envelopes ports sent. */
    int pongs() {
        return pongs.get();
    }

    /** How many ports said {@code disconnect}. */
    int disconnects() {
        return disconnects.get();
    }

    /** How many ports ever attached. */
    int attaches() {
        return attaches.get();
    }

    /** The {@code since} each attach asked for ({@code -} for none), in order. */
    List<String> sinceSeen() {
        return List.copyOf(sinceSeen);
    }

    /** The {@code access_token} query parameter each attach carried ({@code -} for none), in order. */
    List<String> tokensSeen() {
        return List.copyOf(tokensSeen);
    }

    /** The close code of every connection that ended, in order. */
    List<Integer> closeCodes() {
        return List.copyOf(closeCodes);
    }

    /** The current epoch. */
    String epoch() {
        synchronized (lock) {
            return epoch;
        }
    }

    @Override
    public void restart() {
        stop();
        start();
    }

    @Override
    public void stop() {
        Server old;
        synchronized (lock) {
            old = server;
            server = null;
            ports.clear();
        }
        if (old != null) {
            try {
                old.stop(1000, "hub restarting");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void start() {
        synchronized (lock) {
            epoch = "fake" + UUID.randomUUID().toString().substring(0, 8);
            head = 0;
            retained.clear();
            upstreamState = "OPEN";
        }
        Server s = new Server(port);
        s.start();
        try {
            if (!s.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fake hub did not start on port " + port);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (s.failure != null) {
            throw new IllegalStateException("fake hub could not listen on 127.0.0.1:" + port, s.failure);
        }
        synchronized (lock) {
            server = s;
            port = s.getPort();
        }
    }

    @Override
    public Duration linger() {
        return Duration.ZERO;
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        stop();
    }

    private void pingAll() {
        synchronized (lock) {
            ports.keySet().forEach(ws -> sendQuietly(ws, "{\"type\":\"ping\"}"));
        }
    }

    private static void sendQuietly(WebSocket ws, String frame) {
        try {
            if (ws.isOpen()) {
                ws.send(frame);
            }
        } catch (RuntimeException e) {
            // The connection is closing; its close handler removes it.
        }
    }

    private void attach(WebSocket ws, ClientHandshake handshake) {
        String since = queryParameter(handshake.getResourceDescriptor(), "since");
        sinceSeen.add(since == null ? "-" : since);
        String token = queryParameter(handshake.getResourceDescriptor(), "access_token");
        tokensSeen.add(token == null ? "-" : token);
        attaches.incrementAndGet();
        synchronized (lock) {
            String id = Integer.toHexString(attaches.get());
            ws.send(JSON.createObjectNode().put("type", "welcome").put("hub", "default").put("port", id)
                    .put("cursor", epoch + ":" + head).put("heartbeat", heartbeat.toMillis())
                    .put("state", upstreamState).toString());
            if (since != null) {
                replay(ws, since);
            }
            ports.put(ws, id);
        }
    }

    /** Called holding the lock: the replay and joining the live stream are one step, so no seam. */
    private void replay(WebSocket ws, String since) {
        int colon = since.lastIndexOf(':');
        long seq;
        try {
            seq = Long.parseLong(since.substring(colon + 1));
        } catch (RuntimeException e) {
            ws.send(JSON.createObjectNode().put("type", "error").put("code", "bad-cursor")
                    .put("message", "invalid cursor '" + since + "'").toString());
            return;
        }
        String sinceEpoch = colon > 0 ? since.substring(0, colon) : "";
        if (!sinceEpoch.equals(epoch) || seq > head) {
            gap(ws, since, epoch + ":" + (head + 1), "unknown-cursor");
            return;
        }
        long oldest = retained.isEmpty() ? head + 1 : retained.peekFirst().seq();
        if (seq + 1 < oldest) {
            gap(ws, since, epoch + ":" + oldest, "expired");
        }
        for (Retained r : retained) {
            if (r.seq() > seq) {
                ws.send(r.frame());
            }
        }
    }

    private static void gap(WebSocket ws, String after, String next, String cause) {
        ws.send(JSON.createObjectNode().put("type", "gap").put("after", after).put("next", next).put("cause", cause).toString());
    }

    private void receive(WebSocket ws, String text) {
        JsonNode env;
        try {
            env = JSON.readTree(text);
        } catch (Exception e) {
            ws.send(JSON.createObjectNode().put("type", "error").put("code", "bad-json").put("message", e.getMessage()).toString());
            return;
        }
        String type = env.path("type").asText("");
        switch (type) {
            case "send" -> {
                String data = env.path("data").asText();
                if (data.startsWith("reject")) {
                    // Plays a hub whose upstream refuses: the error names the send by its id.
                    ObjectNode error = JSON.createObjectNode().put("type", "error").put("code", "upstream-rejected")
                            .put("message", "upstream send queue is full; retry after it reconnects");
                    if (env.hasNonNull("id")) {
                        error.put("ref", env.get("id").asText());
                    }
                    ws.send(error.toString());
                    return;
                }
                sent.add("base64".equals(env.path("encoding").asText()) ? "base64:" + data : data);
                if (env.hasNonNull("id")) {
                    ws.send(JSON.createObjectNode().put("type", "ack").put("ref", env.get("id").asText()).put("status", "sent").toString());
                }
            }
            case "pong" -> pongs.incrementAndGet();
            case "disconnect" -> {
                disconnects.incrementAndGet();
                synchronized (lock) {
                    ports.remove(ws);
                }
                ws.close(1000, "DISCONNECT");
            }
            default -> ws.send(JSON.createObjectNode().put("type", "error").put("code", "bad-envelope")
                    .put("message", "unknown type '" + type + "'").toString());
        }
    }

    static String queryParameter(String resource, String name) {
        int q = resource.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : resource.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private record Retained(long seq, String frame) {
    }

    /** The WebSocket server: accepts only subprotocol switchboard.v1 (envelope mode). */
    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile Exception failure;

        Server(int port) {
            super(new InetSocketAddress("127.0.0.1", port),
                    List.of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol(SUBPROTOCOL)))));
            setReuseAddr(true);
            setDaemon(true);
            setConnectionLostTimeout(0); // the envelope ping does liveness here
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            if (!handshake.getResourceDescriptor().startsWith("/hubs/default/ws")) {
                conn.close(1008, "no such hub");
                return;
            }
            attach(conn, handshake);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            closeCodes.add(code);
            synchronized (lock) {
                ports.remove(conn);
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            receive(conn, message);
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            conn.send(JSON.createObjectNode().put("type", "error").put("code", "binary-frame")
                    .put("message", "a binary frame arrived in envelope mode").toString());
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                failure = ex;
                started.countDown();
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    static List<String> numbered(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
