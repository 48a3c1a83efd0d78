package dev.switchboard.server;

import dev.switchboard.api.Redacted;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.switchboard.api.Hub;
import dev.switchboard.hub.HubBuilder;
import dev.switchboard.hub.Hubs;
import dev.switchboard.hub.transport.TransportRegistry;
import dev.switchboard.server.cluster.ClusterWiring;
import dev.switchboard.server.http.OperatorRoutes;
import dev.switchboard.server.http.Routes;
import dev.switchboard.server.security.HubGuard;
import dev.switchboard.server.security.PemTls;
import dev.switchboard.server.security.PortLimits;
import dev.switchboard.server.security.PortSecrets;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.observe.ClusterView;
import dev.switchboard.server.observe.ServerMetrics;
import dev.switchboard.server.observe.ServerState;
import dev.switchboard.server.ws.OpenConnections;
import dev.switchboard.server.ws.PortProtocols;
import dev.switchboard.server.ws.SocketSettings;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/**
 * The composition root: turns a {@link ServerConfig} into the transport registry, the hubs by
 * name, and the listener that serves them. The only class that uses hub-core, and only
 * its builder and transport registry (a hub's {@link dev.switchboard.api.config.HubSettings} come from {@code api}); transports themselves are found on the class path (and in
 * plugin jars, through the loader given) by {@link java.util.ServiceLoader}, so no transport module
 * is named here. With {@code --cluster}, each hub is built through {@link ClusterWiring}, the one
 * place that knows the {@code cluster-redis} module.
 */
public final class ServerModule extends AbstractModule {

    private static final Logger LOG = LoggerFactory.getLogger(ServerModule.class);

    private final ServerConfig config;
    private final ClassLoader transportLoader;

    /** A module for this configuration, with the transports on the server's class path. */
    public ServerModule(ServerConfig config) {
        this(config, ServerModule.class.getClassLoader());
    }

    /**
     * A module for this configuration, with the transports that {@code transportLoader} finds: a
     * plugin loader whose parent is the server's class loader finds the built-in ones too.
     */
    public ServerModule(ServerConfig config, ClassLoader transportLoader) {
        this.config = config;
        this.transportLoader = transportLoader;
    }

    @Override
    protected void configure() {
        bind(ServerConfig.class).toInstance(config);
        bind(OpenConnections.class).in(Singleton.class);
        bind(SwitchboardServer.class).in(Singleton.class);
        bind(Clock.class).toInstance(Clock.systemUTC());
    }

    @Provides
    @Singleton
    ServerState serverState(Clock clock) {
        return new ServerState(clock.instant());
    }

    /** The metrics registry, listening to every hub from the moment they are built. */
    @Provides
    @Singleton
    ServerMetrics metrics(HubDirectory hubs, Clock clock) {
        return new ServerMetrics(hubs.asMap().values(), clock);
    }

    @Provides
    @Singleton
    TransportRegistry transports() {
        // A plugin that fails to load is a WARN from the registry, naming it; the others still work.
        TransportRegistry registry = TransportRegistry.discover(transportLoader);
        LOG.info("transports installed: {}", registry.installed());
        return registry;
    }

    /**
     * Builds every hub. A bad upstream (an unknown scheme, a URL the transport rejects) fails here,
     * before the server listens, with the builder's sentence naming the value and the fix.
     */
    @Provides
    @Singleton
    HubDirectory hubs(ServerConfig serverConfig, TransportRegistry transports, Optional<ClusterWiring> clustered) {
        ClusterWiring cluster = clustered.orElse(null);
        List<Hub> built = new ArrayList<>();
        try {
            for (ServedHub hub : serverConfig.hubs()) {
                built.add(build(hub, transports, cluster));
            }
            if (cluster != null) {
                LOG.info("cluster: every hub is shared through Redis at {}", cluster.view(Map.of()).redis().orElseThrow());
                return new HubDirectory(built, cluster);
            }
            return new HubDirectory(built);
        } catch (RuntimeException e) {
            // An eager hub may already be connecting: do not leave it running behind a failed start.
            built.forEach(Hub::close);
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    /** The connection to the cluster's Redis with {@code --cluster}; it must answer at start, so a wrong address fails it. */
    @Provides
    @Singleton
    Optional<ClusterWiring> cluster(ServerConfig serverConfig) {
        return serverConfig.cluster().map(redis -> ClusterWiring.connect(redis, serverConfig.clusterTiming()));
    }

    /** What the probes and the status report say of the cluster; {@link ClusterView#NONE} without {@code --cluster}. */
    @Provides
    @Singleton
    ClusterView clusterView(Optional<ClusterWiring> cluster, HubDirectory hubs) {
        return cluster.map(wiring -> wiring.view(hubs.asMap())).orElse(ClusterView.NONE);
    }

    private static Hub build(ServedHub hub, TransportRegistry transports, ClusterWiring cluster) {
        try {
            Supplier<HubBuilder> builder = () -> Hubs.builder(hub.name())
                    .upstream(hub.upstream())
                    .settings(hub.settings())
                    .transports(transports);
            return cluster == null ? builder.get().build() : cluster.hub(hub, builder);
        } catch (IllegalArgumentException e) {
            // The builder's sentence says what is wrong (e.g. no transport for the scheme) but not
            // always which of several hubs and URLs it was about; say that first.
            throw new IllegalArgumentException("hub '" + hub.name() + "' (upstream " + Redacted.uri(hub.upstream()) + "): "
                    + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    HttpHandler routes(ServerConfig serverConfig, HubDirectory hubs, OpenConnections connections,
                       ServerMetrics metrics, ServerState state, ClusterView cluster, Clock clock) {
        SecurityConfig security = serverConfig.security();
        // One count of ports per address over all hubs, and one secret key, for the server's life.
        PortLimits limits = new PortLimits(security.maxPortsPerAddress());
        PortSecrets secrets = new PortSecrets();
        // Each hub's own frame limit: hubs may differ, so the front end asks per hub.
        HttpHandler hubRoutes = Routes.create(hubs.asMap(), PortProtocols.standard(),
                name -> SocketSettings.withMaxMessageSize(serverConfig.hub(name).orElseThrow().settings().maxFrameSize()),
                connections, serverConfig.demoPage(),
                name -> new HubGuard(name, security.access(name), serverConfig.hub(name).orElseThrow().settings().maxPorts(),
                        limits, secrets, System::nanoTime, clock));
        Set<String> eager = serverConfig.hubs().stream().filter(hub -> hub.settings().eager())
                .map(ServedHub::name).collect(Collectors.toUnmodifiableSet());
        return OperatorRoutes.wrap(hubRoutes, metrics, state, eager, cluster, clock);
    }

    /**
     * The listener, built but not started: {@link SwitchboardServer#start()} binds it. Its own,
     * not {@code io.undertow.Undertow}'s, so that a drain can close the listening socket alone.
     */
    @Provides
    @Singleton
    Listener listener(ServerConfig serverConfig, HttpHandler routes) {
        SecurityConfig security = serverConfig.security();
        return new Listener(serverConfig.listen(), security.tls().map(PemTls::serverContext),
                new dev.switchboard.server.http.RequestLimits(routes), listenerOptions(security),
                serverConfig.listenerIoThreads());
    }

    /** Undertow's options for the listener, from the security settings. */
    static OptionMap listenerOptions(SecurityConfig security) {
        return OptionMap.builder()
                // Slowloris: a request (the WebSocket handshake included) must arrive whole within the
                // handshake timeout, and a connection between requests is closed after the idle timeout.
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) security.handshakeTimeout().toMillis())
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) security.idleTimeout().toMillis())
                // Far above RequestLimits' own 414 and 431, so that those are answered with a status.
                .set(UndertowOptions.MAX_HEADER_SIZE, dev.switchboard.server.http.RequestLimits.PARSER_LIMIT)
                .getMap();
    }
}
