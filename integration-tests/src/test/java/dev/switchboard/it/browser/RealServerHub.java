package dev.switchboard.it.browser;

import dev.switchboard.api.Hub;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.security.HubAccess;
import dev.switchboard.server.security.OriginPolicy;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.SwitchboardServer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The real Switchboard server, in process on 127.0.0.1, with hub {@code default} in front of a
 * test upstream (a WebSocket origin that publishes on demand and records what it receives).
 */
final class RealServerHub implements HubFixture {

    static final Duration LINGER = Duration.ofSeconds(1);

    private final WebSocketOrigin origin;
    private SwitchboardServer server;
    private int port;

    private RealServerHub() {
        try {
            this.origin = WebSocketOrigin.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the test upstream", e);
        }
    }

    static RealServerHub launch() {
        RealServerHub hub = new RealServerHub();
        hub.start();
        return hub;
    }

    private Hub hub() {
        return server.hubs().find("default").orElseThrow();
    }

    @Override
    public String url() {
        return server.hubUri("default").toString();
    }

    @Override
    public void publish(String text) {
        origin.publish(text);
    }

    @Override
    public int portCount() {
        SwitchboardServer s = server;
        return s == null ? 0 : s.hubs().find("default").orElseThrow().portCount();
    }

    @Override
    public boolean upstreamOpen() {
        return server != null && hub().upstreamState() == UpstreamState.OPEN;
    }

    @Override
    public int upstreamConnections() {
        return origin.openCount();
    }

    @Override
    public List<String> sent() {
        // Binary frames as base64, so the scenarios can compare them as text.
        return origin.received().all().stream()
                .map(frame -> frame instanceof byte[] bytes ? "base64:" + Base64.getEncoder().encodeToString(bytes) : (String) frame)
                .toList();
    }

    @Override
    public void restart() {
        stop();
        start();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void start() {
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", port)
                .hub("default", origin.uri())
                .settings(s -> s.linger(LINGER).backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60)))
                // The test pages live on another origin, whose port is only known once it listens.
                .security(SecurityConfig.builder()
                        .hubs(HubAccess.defaults().withOrigins(OriginPolicy.of(java.util.List.of("*"), false))).build())
                .build()).start();
        port = server.boundAddress().getPort();
    }

    @Override
    public Duration linger() {
        return LINGER;
    }

    @Override
    public void close() {
        stop();
        try {
            origin.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
