package dev.switchboard.server.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's security settings: each hub's {@link HubAccess} (one for every hub, and overrides
 * by hub name), the per-address port limit, the handshake and idle-request timeouts, and the
 * listener's TLS certificate.
 *
 * @param hubs               the access of every hub without an override
 * @param perHub             overrides by hub name
 * @param maxPortsPerAddress the most clients one address may hold over all hubs ({@code --max-ports-per-address})
 * @param handshakeTimeout   how long a client may take to send a whole request, the WebSocket handshake
 *                           included ({@code --handshake-timeout}); a half-sent request is closed after it
 * @param idleTimeout        how long a connection may stay open between requests ({@code --idle-timeout})
 * @param tls                the listener's certificate and key, for https and wss; empty for plain http
 */
public record SecurityConfig(HubAccess hubs, Map<String, HubAccess> perHub, int maxPortsPerAddress,
                             Duration handshakeTimeout, Duration idleTimeout, Optional<TlsFiles> tls) {

    /** Default most clients per address. */
    public static final int DEFAULT_MAX_PORTS_PER_ADDRESS = 256;
    /** Default handshake timeout. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default idle-request timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Checks the parts. */
    public SecurityConfig {
        Objects.requireNonNull(hubs, "hubs");
        perHub = Map.copyOf(perHub);
        Objects.requireNonNull(tls, "tls");
        if (maxPortsPerAddress < 1) {
            throw new IllegalArgumentException("invalid maximum ports per address " + maxPortsPerAddress + ": use at least 1");
        }
        requirePositive("handshake timeout", handshakeTimeout);
        requirePositive("idle timeout", idleTimeout);
    }

    /** The documented defaults: see {@link HubAccess#defaults()}, 256 clients per address, 10s, 60s, no TLS. */
    public static SecurityConfig defaults() {
        return builder().build();
    }

    /** The access of hub {@code name}. */
    public HubAccess access(String name) {
        return perHub.getOrDefault(name, hubs);
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("invalid " + what + " " + value + ": it must be longer than zero");
        }
    }

    /** Builds a {@link SecurityConfig}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private HubAccess hubs = HubAccess.defaults();
        private final Map<String, HubAccess> perHub = new java.util.HashMap<>();
        private int maxPortsPerAddress = DEFAULT_MAX_PORTS_PER_ADDRESS;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private TlsFiles tls;

        /** A builder holding the defaults; same as {@link SecurityConfig#builder()}. */
        public Builder() {
        }

        /** The access of every hub without an override. */
        public Builder hubs(HubAccess value) {
            this.hubs = value;
            return this;
        }

        /** The access of hub {@code name}. */
        public Builder hub(String name, HubAccess value) {
            perHub.put(name, value);
            return this;
        }

        /** The most clients one address may hold, over all hubs. */
        public Builder maxPortsPerAddress(int value) {
            this.maxPortsPerAddress = value;
            return this;
        }

        /** How long a whole request may take to arrive, and how long a connection may idle between requests. */
        public Builder timeouts(Duration handshake, Duration idle) {
            this.handshakeTimeout = handshake;
            this.idleTimeout = idle;
            return this;
        }

        /** Serve https and wss with these PEM files. */
        public Builder tls(TlsFiles value) {
            this.tls = value;
            return this;
        }

        /** The settings; checks them. */
        public SecurityConfig build() {
            return new SecurityConfig(hubs, perHub, maxPortsPerAddress, handshakeTimeout, idleTimeout, Optional.ofNullable(tls));
        }
    }

    /**
     * The listener's certificate chain and private key, both PEM.
     *
     * @param certificate the certificate chain, server certificate first
     * @param key         the private key, PKCS#8 ({@code BEGIN PRIVATE KEY})
     */
    public record TlsFiles(Path certificate, Path key) {
        /** Checks the parts. */
        public TlsFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }
}
