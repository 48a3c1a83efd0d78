package dev.switchboard.server;

import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.testsupport.TestClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link SwitchboardServer} on 127.0.0.1 (a free port) whose hubs' upstreams are in-memory
 * origins, so no network origin is needed. Closing it stops the server, the clients and the origins.
 */
public final class ServerFixture implements AutoCloseable {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Map<String, InMemoryOrigin> origins = new LinkedHashMap<>();
    private final List<TestClient> clients = new ArrayList<>();
    private final List<EnvelopeClient> envelopeClients = new ArrayList<>();
    private final SwitchboardServer server;

    private ServerFixture(Consumer<ServerConfig.Builder> customize, String... hubs) {
        ServerConfig.Builder config = ServerConfig.builder().listen("127.0.0.1", 0);
        for (String hub : hubs) {
            InMemoryOrigin origin = newOrigin();
            origins.put(hub, origin);
            config.hub(hub, origin.uri());
        }
        customize.accept(config);
        this.server = SwitchboardServer.create(config.build()).start();
    }

    /** A server with the given hubs and default settings. */
    public static ServerFixture start(String... hubs) {
        return new ServerFixture(config -> { }, hubs);
    }

    /** A server with the given hubs and settings changed by {@code customize}. */
    public static ServerFixture start(Consumer<ServerConfig.Builder> customize, String... hubs) {
        return new ServerFixture(customize, hubs);
    }

    /** An in-memory origin with a name no other test uses (origins are registered JVM-wide). */
    public static InMemoryOrigin newOrigin() {
        return InMemoryOrigin.create("origin-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet() + "-test");
    }

    public SwitchboardServer server() {
        return server;
    }

    public InMemoryOrigin origin(String hub) {
        return origins.get(hub);
    }

    public Hub hub(String name) {
        return server.hubs().find(name).orElseThrow();
    }

    public URI uri(String hub) {
        return server.hubUri(hub);
    }

    /** The server's base HTTP URL, e.g. {@code http://127.0.0.1:PORT}. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + path);
    }

    /** Connects a client to {@code hub}; it is closed with the fixture. */
    public TestClient connect(String hub) throws Exception {
        TestClient client = TestClient.connect(uri(hub));
        clients.add(client);
        return client;
    }

    /** Connects an envelope-mode client to {@code hub}, live only; it is closed with the fixture. */
    public EnvelopeClient connectEnvelope(String hub) throws Exception {
        return connectEnvelope(hub, null);
    }

    /** Connects an envelope-mode client to {@code hub} resuming after {@code since} (none when null). */
    public EnvelopeClient connectEnvelope(String hub, String since) throws Exception {
        EnvelopeClient client = EnvelopeClient.connect(uri(hub), since);
        envelopeClients.add(client);
        return client;
    }

    /** Registers a client the test connected itself, to be closed with the fixture. */
    public EnvelopeClient track(EnvelopeClient client) {
        envelopeClients.add(client);
        return client;
    }

    /**
     * Waits until {@code hub} has {@code ports} ports and an open upstream, so that whatever the
     * origin publishes next reaches every one of them.
     */
    public void awaitReady(String hub, int ports) {
        await().atMost(TestClient.WAIT).until(() -> hub(hub).portCount() == ports
                && hub(hub).upstreamState() == UpstreamState.OPEN
                && origin(hub).connectionCount() == 1);
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
        envelopeClients.forEach(EnvelopeClient::close);
        server.stop();
        origins.values().forEach(InMemoryOrigin::close);
    }
}
