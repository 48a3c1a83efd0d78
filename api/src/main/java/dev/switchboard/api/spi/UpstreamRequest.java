package dev.switchboard.api.spi;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a transport needs to open one upstream connection. Build one with
 * {@link #builder(URI)}; every option has a documented default.
 *
 * @param uri               where to connect
 * @param headers           request headers to send (an API key, a cookie), in order
 * @param connectTimeout    how long the connection may take to open before it fails (default 10s)
 * @param heartbeatInterval how often the transport probes a quiet upstream (default 15s)
 * @param heartbeatTimeout  how long the upstream may stay silent before the connection fails (default 45s)
 * @param maxMessageSize    the largest message accepted from the upstream, in bytes (default 1 MiB);
 *                          a larger one fails the connection rather than exhausting memory
 * @param lastEventId       the id of the last message received on a previous connection, for
 *                          protocols that resume by id (SSE {@code Last-Event-ID})
 * @param options           transport-specific settings, by name; a transport rejects names it does not know
 * @param trustedCertificates for {@code wss://}, {@code sse+https://} and other TLS upstreams: the CA certificates
 *                          trusted instead of the JVM's default trust store (a private CA); empty, the default,
 *                          trusts the JVM's store. Host names are checked either way.
 *                          {@link dev.switchboard.api.spi.support.UpstreamTls} builds the context from them.
 */
public record UpstreamRequest(
        URI uri,
        Map<String, String> headers,
        Duration connectTimeout,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        int maxMessageSize,
        Optional<String> lastEventId,
        Map<String, String> options,
        List<X509Certificate> trustedCertificates) {

    /** Default {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #heartbeatInterval()}. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** Default {@link #heartbeatTimeout()}. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(45);
    /** Default {@link #maxMessageSize()}: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    /** Checks every part; a bad one is an {@link IllegalArgumentException} naming it and the fix. */
    public UpstreamRequest {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("upstream URI '" + dev.switchboard.api.Redacted.uri(uri) + "' has no scheme: write it in full, e.g. ws://host:9001/feed");
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("heartbeatTimeout", heartbeatTimeout);
        if (heartbeatTimeout.compareTo(heartbeatInterval) < 0) {
            throw new IllegalArgumentException("heartbeatTimeout " + heartbeatTimeout + " is shorter than heartbeatInterval "
                    + heartbeatInterval + ": a timeout must allow at least one heartbeat");
        }
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " must be positive (bytes)");
        }
        lastEventId = lastEventId == null ? Optional.empty() : lastEventId;
        options = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(options, "options")));
        trustedCertificates = List.copyOf(Objects.requireNonNull(trustedCertificates, "trustedCertificates"));
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " " + value + " must be positive");
        }
    }

    /** Without secrets, as {@link dev.switchboard.api.Redacted} shows them: header values are masked. */
    @Override
    public String toString() {
        return "UpstreamRequest[uri=" + dev.switchboard.api.Redacted.uri(uri) + ", headers="
                + dev.switchboard.api.Redacted.headers(headers) + ", connectTimeout=" + connectTimeout
                + ", heartbeatInterval=" + heartbeatInterval + ", heartbeatTimeout=" + heartbeatTimeout
                + ", maxMessageSize=" + maxMessageSize + ", lastEventId=" + lastEventId + ", options=" + options.keySet() + "]";
    }

    /** The URI's scheme, lower case. */
    public String scheme() {
        return uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    }

    /** A builder with every default set. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** A builder starting from this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder(uri);
        b.headers.putAll(headers);
        b.connectTimeout = connectTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.heartbeatTimeout = heartbeatTimeout;
        b.maxMessageSize = maxMessageSize;
        b.lastEventId = lastEventId.orElse(null);
        b.options.putAll(options);
        b.trustedCertificates = trustedCertificates;
        return b;
    }

    /** Builds an {@link UpstreamRequest}; not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private String lastEventId;
        private final Map<String, String> options = new LinkedHashMap<>();
        private List<X509Certificate> trustedCertificates = List.of();

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** Adds a request header. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds request headers. */
        public Builder headers(Map<String, String> values) {
            values.forEach(this::header);
            return this;
        }

        /** See {@link UpstreamRequest#connectTimeout()}. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** See {@link UpstreamRequest#heartbeatInterval()}. */
        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        /** See {@link UpstreamRequest#heartbeatTimeout()}. */
        public Builder heartbeatTimeout(Duration value) {
            heartbeatTimeout = value;
            return this;
        }

        /** See {@link UpstreamRequest#maxMessageSize()}. */
        public Builder maxMessageSize(int bytes) {
            maxMessageSize = bytes;
            return this;
        }

        /** See {@link UpstreamRequest#lastEventId()}; null for none. */
        public Builder lastEventId(String id) {
            lastEventId = id;
            return this;
        }

        /** Sets a transport-specific option. */
        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** See {@link UpstreamRequest#trustedCertificates()}; an empty list trusts the JVM's default trust store. */
        public Builder trustedCertificates(List<X509Certificate> certificates) {
            trustedCertificates = certificates;
            return this;
        }

        /** Builds the request, checking every value. */
        public UpstreamRequest build() {
            return new UpstreamRequest(uri, headers, connectTimeout, heartbeatInterval, heartbeatTimeout,
                    maxMessageSize, Optional.ofNullable(lastEventId), options, trustedCertificates);
        }
    }
}
