package dev.switchboard.server;

import dev.switchboard.server.security.SecurityConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the packaged server is configured with. Every hub gets the same upstream and port
 * settings; only its name and upstream differ. Build one with {@link #builder()}, which starts
 * from the defaults the command line documents.
 *
 * @param listen         where clients connect
 * @param hubs           the hubs, in the order they are reported; at least one, names unique
 * @param headers        request headers sent to every upstream when connecting
 * @param linger         how long an upstream stays open after its last client leaves
 * @param backoffBase    the first reconnect delay after an upstream failure
 * @param backoffCap     the longest reconnect delay
 * @param backoffReset   an upstream connection open this long resets the reconnect delay
 * @param connectTimeout how long one upstream connection attempt may take
 * @param eager          whether every upstream connects at start rather than on the first client
 * @param maxFrameSize   the largest message, in bytes, a client may send; larger ones close it with 1009
 * @param portHeartbeat  how often each client is probed
 * @param portTimeout    how long a client may stay silent before it is disconnected
 * @param hubSettings    replay, queues, slow-port policy, on-connect messages and upstream liveness of every hub
 * @param demoPage       whether {@code GET /} serves the browser demo page ({@code --demo})
 * @param security       allowed origins, authentication, limits, timeouts and TLS ({@code docs/security.md})
 */
public record ServerConfig(
        ListenAddress listen,
        List<HubConfig> hubs,
        Map<String, String> headers,
        Duration linger,
        Duration backoffBase,
        Duration backoffCap,
        Duration backoffReset,
        Duration connectTimeout,
        boolean eager,
        int maxFrameSize,
        Duration portHeartbeat,
        Duration portTimeout,
        HubSettings hubSettings,
        boolean demoPage,
        SecurityConfig security) {

    /** The name of the hub that {@code --upstream} (or {@code --demo}) configures. */
    public static final String DEFAULT_HUB = "default";
    /** Default listen address: local clients only. */
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("127.0.0.1", 8080);
    /** Default linger. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);
    /** Default first reconnect delay. */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(500);
    /** Default longest reconnect delay. */
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(30);
    /** Default time after which a stable upstream connection resets the backoff. */
    public static final Duration DEFAULT_BACKOFF_RESET = Duration.ofSeconds(60);
    /** Default upstream connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default largest client message: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;
    /** Default client heartbeat interval. */
    public static final Duration DEFAULT_PORT_HEARTBEAT = Duration.ofSeconds(15);
    /** Default client silence deadline. */
    public static final Duration DEFAULT_PORT_TIMEOUT = Duration.ofSeconds(45);

    /** Checks every part; a bad one is an {@link IllegalArgumentException} naming the value and the fix. */
    public ServerConfig {
        Objects.requireNonNull(listen, "listen");
        hubs = List.copyOf(hubs);
        headers = Map.copyOf(headers);
        if (hubs.isEmpty()) {
            throw new IllegalArgumentException("no hub configured: give the server at least one hub and its upstream");
        }
        Set<String> names = new HashSet<>();
        for (HubConfig hub : hubs) {
            if (!names.add(hub.name())) {
                throw new IllegalArgumentException("hub '" + hub.name() + "' is configured twice: give each hub its own name");
            }
        }
        requireNotNegative("linger", linger);
        requirePositive("backoff base", backoffBase);
        requirePositive("backoff cap", backoffCap);
        requirePositive("backoff reset", backoffReset);
        requirePositive("connect timeout", connectTimeout);
        requirePositive("port heartbeat", portHeartbeat);
        requirePositive("port timeout", portTimeout);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff cap " + backoffCap + " is shorter than the backoff base "
                    + backoffBase + ": make the cap at least as long as the base");
        }
        if (portTimeout.compareTo(portHeartbeat) <= 0) {
            throw new IllegalArgumentException("port timeout " + portTimeout + " is not longer than the port heartbeat "
                    + portHeartbeat + ": make the timeout longer, e.g. three heartbeats");
        }
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("invalid max frame size " + maxFrameSize + ": use a positive number of bytes, e.g. 1048576");
        }
        Objects.requireNonNull(hubSettings, "hubSettings");
        Objects.requireNonNull(security, "security");
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireNotNegative(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException("invalid " + what + " " + value + ": it must not be negative");
        }
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("invalid " + what + " " + value + ": it must be longer than zero");
        }
    }

    /** Builds a {@link ServerConfig}, starting from the documented defaults. Not thread-safe. */
    public static final class Builder {
        private ListenAddress listen = DEFAULT_LISTEN;
        private final List<HubConfig> hubs = new ArrayList<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration linger = DEFAULT_LINGER;
        private Duration backoffBase = DEFAULT_BACKOFF_BASE;
        private Duration backoffCap = DEFAULT_BACKOFF_CAP;
        private Duration backoffReset = DEFAULT_BACKOFF_RESET;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean eager;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private Duration portHeartbeat = DEFAULT_PORT_HEARTBEAT;
        private Duration portTimeout = DEFAULT_PORT_TIMEOUT;
        private HubSettings hubSettings = HubSettings.defaults();
        private boolean demoPage;
        private SecurityConfig security = SecurityConfig.defaults();

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

        /** Adds a hub. */
        public Builder hub(String name, URI upstream) {
            hubs.add(new HubConfig(name, upstream));
            return this;
        }

        /** Adds a request header sent to every upstream. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** How long an upstream stays open after its last client leaves. */
        public Builder linger(Duration value) {
            this.linger = value;
            return this;
        }

        /** The reconnect delays: the first, the longest, and the uptime that resets them. */
        public Builder backoff(Duration base, Duration cap, Duration resetAfter) {
            this.backoffBase = base;
            this.backoffCap = cap;
            this.backoffReset = resetAfter;
            return this;
        }

        /** How long one upstream connection attempt may take. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Whether every upstream connects at start. */
        public Builder eager(boolean value) {
            this.eager = value;
            return this;
        }

        /** The largest message, in bytes, a client may send. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /** How often clients are probed, and how long one may stay silent. */
        public Builder portHeartbeat(Duration interval, Duration timeout) {
            this.portHeartbeat = interval;
            this.portTimeout = timeout;
            return this;
        }

        /** Replay, queues, slow-port policy, on-connect messages and upstream liveness, for every hub. */
        public Builder hubSettings(HubSettings value) {
            this.hubSettings = value;
            return this;
        }

        /** Whether {@code GET /} serves the browser demo page, which attaches to the default hub. */
        public Builder demoPage(boolean value) {
            this.demoPage = value;
            return this;
        }

        /** Allowed origins, authentication, limits, timeouts and TLS; the defaults are {@link SecurityConfig#defaults()}. */
        public Builder security(SecurityConfig value) {
            this.security = value;
            return this;
        }

        /** The configuration; checks it as a whole. */
        public ServerConfig build() {
            return new ServerConfig(listen, hubs, headers, linger, backoffBase, backoffCap, backoffReset,
                    connectTimeout, eager, maxFrameSize, portHeartbeat, portTimeout, hubSettings, demoPage, security);
        }
    }
}
