package dev.switchboard.server;

import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.security.SecurityConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the packaged server is configured with: where it listens, its hubs (each with its
 * name, upstream and {@link HubSettings}), and whether it serves the demo page. Build one with
 * {@link #builder()}; a hub's settings default to {@link HubSettings#defaults()}.
 *
 * @param listen   where clients connect
 * @param hubs     the hubs, in the order they are reported; at least one, names unique
 * @param demoPage whether {@code GET /} serves the browser demo page ({@code --demo})
 * @param security allowed origins, authentication, limits, timeouts and TLS, per hub where they
 *                 apply to one ({@code docs/security.md})
 * @param cluster  the Redis through which the instances of every hub share one upstream
 *                 ({@code --cluster}, {@code docs/cluster.md}); empty for a server on its own
 * @param clusterTiming the cluster's lease and tick ({@code --cluster-lease}, {@code --cluster-tick}); used only with {@code cluster}
 * @param ioThreads the listener's I/O threads ({@code --io-threads}), from 1 to {@link #MAX_IO_THREADS}, or
 *                  {@link #AUTO_IO_THREADS} for one per core and at least two
 */
public record ServerConfig(ListenAddress listen, List<ServedHub> hubs, boolean demoPage, SecurityConfig security,
                           Optional<URI> cluster, ClusterTiming clusterTiming, int ioThreads) {

    /** The name of the hub that {@code --upstream} (or {@code --demo}) configures. */
    public static final String DEFAULT_HUB = "default";
    /** Default listen address: local clients only. */
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8080);
    /** {@link #ioThreads()} for one I/O thread per core, and at least two (Undertow's own default). */
    public static final int AUTO_IO_THREADS = 0;
    /** The most I/O threads a listener may have: far above any core count, below a typo's. */
    public static final int MAX_IO_THREADS = 1024;

    /** Checks every part; a bad one is an {@link IllegalArgumentException} naming the value and the fix. */
    public ServerConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(clusterTiming, "clusterTiming");
        if (ioThreads < AUTO_IO_THREADS || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("invalid I/O thread count " + ioThreads + ": give 1 to " + MAX_IO_THREADS
                    + ", or " + AUTO_IO_THREADS + " for one per core");
        }
        hubs = List.copyOf(hubs);
        if (hubs.isEmpty()) {
            throw new IllegalArgumentException("no hub configured: give the server at least one hub and its upstream");
        }
        Set<String> names = new HashSet<>();
        for (ServedHub hub : hubs) {
            if (!names.add(hub.name())) {
                throw new IllegalArgumentException("hub '" + hub.name() + "' is configured twice: give each hub its own name");
            }
        }
    }

    /** With the default I/O threads. */
    public ServerConfig(ListenAddress listen, List<ServedHub> hubs, boolean demoPage, SecurityConfig security,
                        Optional<URI> cluster, ClusterTiming clusterTiming) {
        this(listen, hubs, demoPage, security, cluster, clusterTiming, AUTO_IO_THREADS);
    }

    /** With the default cluster timing and I/O threads. */
    public ServerConfig(ListenAddress listen, List<ServedHub> hubs, boolean demoPage, SecurityConfig security, Optional<URI> cluster) {
        this(listen, hubs, demoPage, security, cluster, ClusterTiming.DEFAULT);
    }

    /** A server on its own, not clustered. */
    public ServerConfig(ListenAddress listen, List<ServedHub> hubs, boolean demoPage, SecurityConfig security) {
        this(listen, hubs, demoPage, security, Optional.empty());
    }

    /** The I/O threads the listener starts: {@link #ioThreads()}, or for {@link #AUTO_IO_THREADS} one per core and at least two. */
    public int listenerIoThreads() {
        return ioThreads == AUTO_IO_THREADS ? Math.max(Runtime.getRuntime().availableProcessors(), 2) : ioThreads;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configured hub with this name, if there is one. */
    public Optional<ServedHub> hub(String name) {
        return hubs.stream().filter(hub -> hub.name().equals(name)).findFirst();
    }

    /**
     * Builds a {@link ServerConfig}. Hubs added without settings of their own get the shared
     * ones ({@link #settings(HubSettings)}), whenever those are set. Not thread-safe.
     */
    public static final class Builder {
        private ListenAddress listen = DEFAULT_LISTEN;
        private final List<Entry> hubs = new ArrayList<>();
        private HubSettings.Builder shared = HubSettings.builder();
        private boolean demoPage;
        private SecurityConfig security = SecurityConfig.defaults();
        private URI cluster;
        private ClusterTiming clusterTiming = ClusterTiming.DEFAULT;
        private int ioThreads = AUTO_IO_THREADS;

        private record Entry(String name, URI upstream, HubSettings settings) {
        }

        private Builder() {
        }

        /** Where clients connect. */
        public Builder listen(ListenAddress address) {
            this.listen = address;
            return this;
        }

        /** Where clients connect; port 0 picks a free port. */
        public Builder listen(String host, int port) {
            return listen(new ListenAddress(host, port));
        }

        /** Adds a hub with the shared settings. */
        public Builder hub(String name, URI upstream) {
            hubs.add(new Entry(name, upstream, null));
            return this;
        }

        /** Adds a hub with settings of its own. */
        public Builder hub(String name, URI upstream, HubSettings settings) {
            hubs.add(new Entry(name, upstream, Objects.requireNonNull(settings, "settings")));
            return this;
        }

        /** The settings of every hub added without its own. */
        public Builder settings(HubSettings value) {
            this.shared = value.toBuilder();
            return this;
        }

        /** Changes the shared settings, e.g. {@code settings(s -> s.linger(Duration.ZERO))}. */
        public Builder settings(Consumer<HubSettings.Builder> change) {
            change.accept(shared);
            return this;
        }

        /** Whether {@code GET /} serves the browser demo page, which attaches to the default hub. */
        public Builder demoPage(boolean value) {
            this.demoPage = value;
            return this;
        }

        /** Allowed origins, authentication, limits, timeouts and TLS; the defaults are {@link SecurityConfig#defaults()}. */
        public Builder security(SecurityConfig value) {
            this.security = Objects.requireNonNull(value, "security");
            return this;
        }

        /** The Redis through which every hub is shared with the other instances ({@code redis://HOST:PORT}); null for none. */
        public Builder cluster(URI redis) {
            this.cluster = redis;
            return this;
        }

        /** The cluster's lease and tick; the default is {@link ClusterTiming#DEFAULT}. */
        public Builder clusterTiming(ClusterTiming value) {
            this.clusterTiming = Objects.requireNonNull(value, "clusterTiming");
            return this;
        }

        /**
         * The listener's I/O threads: each owns a share of the client connections and writes their
         * frames. 1 to {@link #MAX_IO_THREADS}, or {@link #AUTO_IO_THREADS} (the default) for one per core.
         */
        public Builder ioThreads(int count) {
            this.ioThreads = count;
            return this;
        }

        /**
         * The configuration; checks it as a whole.
         *
         * @throws IllegalArgumentException naming the key, the value and the fix
         */
        public ServerConfig build() {
            HubSettings common = shared.build();
            List<ServedHub> served = new ArrayList<>();
            for (Entry hub : hubs) {
                served.add(new ServedHub(hub.name(), hub.upstream(), hub.settings() != null ? hub.settings() : common));
            }
            return new ServerConfig(listen, served, demoPage, security, Optional.ofNullable(cluster), clusterTiming, ioThreads);
        }
    }
}
