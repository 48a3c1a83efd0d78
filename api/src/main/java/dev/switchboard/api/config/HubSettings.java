package dev.switchboard.api.config;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every option of one hub beyond its name and upstream, with its default, checked as a whole
 * when it is made: an invalid value fails here, in a sentence naming the setting's key, the
 * value and the fix, never at the first attach. Start from {@link #defaults()} or
 * {@link #builder()}; each component names its key in {@link HubSettingKey}, which is also how
 * the command line and a configuration file spell it.
 *
 * @param headers           {@code headers}: request headers sent when the upstream connection opens (an API key, a cookie), in order; default none
 * @param connectTimeout    {@code connect-timeout}: how long one upstream connection attempt may take; default 10s
 * @param upstreamHeartbeat {@code upstream-heartbeat}: how often a quiet upstream is probed; default 15s
 * @param upstreamTimeout   {@code upstream-timeout}: how long the upstream may stay silent before its connection counts as failed; default 45s
 * @param maxMessageSize    {@code max-message-size}: the largest message, in bytes, accepted from the upstream; default 1048576 (1 MiB)
 * @param linger            {@code linger}: how long the upstream stays open after the last port leaves; zero closes at once; default 30s
 * @param eager             {@code eager}: connect at start and stay connected with no port attached; default false (connect on the first attach)
 * @param backoff           {@code backoff-base}, {@code backoff-cap}, {@code backoff-reset}: the reconnect backoff; default {@link BackoffPolicy#DEFAULT}
 * @param portHeartbeat     {@code port-heartbeat}: how often each port is probed; default 15s
 * @param portTimeout       {@code port-timeout}: how long a port may stay silent before it ends with {@code TIMEOUT};
 *                          a dead port is noticed between this and this plus {@code port-heartbeat}; default 45s
 * @param portQueue         {@code port-queue}: how many items may wait for one port before it counts as slow; default 4096
 * @param slowPolicy        {@code slow-policy}: what happens to a port whose queue is full; default {@link SlowPortPolicy#END}
 * @param upstreamQueue     {@code upstream-queue}: how many port messages may wait for a reconnecting upstream; more are refused; default 256
 * @param replay            {@code replay}: how many recent messages the hub keeps for resuming ports; 0 turns resume off; default 1024
 * @param replayAge         {@code replay-age}: how long a message stays resumable; default 5m
 * @param onConnect         {@code on-connect}: messages sent upstream, in order, after every (re)connect (a subscribe frame); default none
 * @param maxPorts          {@code max-ports}: the most ports attached at once; more are ended with {@code REJECTED}; default 100000
 * @param maxRefusals       {@code max-refusals}: how many times in a row the upstream may refuse the connection
 *                          ({@link dev.switchboard.api.spi.UpstreamRefusedException}) before the hub stops retrying
 *                          until a port attaches again; network failures are retried without limit; default 5
 * @param maxFrameSize      {@code max-frame-size}: the largest message, in bytes, a port may send; a larger one ends
 *                          the port (WebSocket close code 1009); default 1048576 (1 MiB)
 * @param upstreamCa        {@code upstream-ca}: a PEM file of CA certificates that a TLS upstream ({@code wss://},
 *                          {@code sse+https://}) is checked against instead of the JVM's default trust store, for
 *                          an origin whose certificate a private CA signed; the host name is checked either way;
 *                          default none (the JVM's trust store)
 * @param upstreamBuffer    {@code upstream-buffer}: the most bytes the upstream connection may hold unwritten
 *                          ({@link dev.switchboard.api.spi.UpstreamConnection#bufferedBytes()}); a send that would
 *                          go past it is refused (an empty buffer takes any one message); default 8388608 (8 MiB)
 * @param upstreamDrainTimeout {@code upstream-drain-timeout}: how long an upstream over {@code upstream-buffer}
 *                          may take none of its buffered bytes before it counts as dead and is reconnected; default 30s
 */
public record HubSettings(
        Map<String, String> headers,
        Duration connectTimeout,
        Duration upstreamHeartbeat,
        Duration upstreamTimeout,
        int maxMessageSize,
        Duration linger,
        boolean eager,
        BackoffPolicy backoff,
        Duration portHeartbeat,
        Duration portTimeout,
        int portQueue,
        SlowPortPolicy slowPolicy,
        int upstreamQueue,
        int replay,
        Duration replayAge,
        List<Message> onConnect,
        int maxPorts,
        int maxRefusals,
        int maxFrameSize,
        Optional<Path> upstreamCa,
        int upstreamBuffer,
        Duration upstreamDrainTimeout) {

    private static final HubSettings DEFAULTS = new Builder().build();

    /**
     * Like a record's own text, {@code HubSettings[headers={Authorization=***}, connectTimeout=PT10S, ...]},
     * but with every header value shown as {@value dev.switchboard.api.Redacted#MASK}: headers carry
     * API keys, and settings end up in logs and error messages. Every component is listed, so one
     * added later shows up without a change here.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("HubSettings[");
        java.lang.reflect.RecordComponent[] components = HubSettings.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            Object value;
            try {
                value = name.equals("headers") ? dev.switchboard.api.Redacted.headers(headers) : components[i].getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            text.append(i == 0 ? "" : ", ").append(name).append('=').append(value);
        }
        return text.append(']').toString();
    }

    /** Checks every part; a bad one is an {@link IllegalArgumentException} naming the key, the value and the fix. */
    public HubSettings {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Checks.positive(HubSettingKey.CONNECT_TIMEOUT, connectTimeout, "10s");
        Checks.positive(HubSettingKey.UPSTREAM_HEARTBEAT, upstreamHeartbeat, "15s");
        Checks.positive(HubSettingKey.UPSTREAM_TIMEOUT, upstreamTimeout, "45s");
        Checks.atLeast(HubSettingKey.UPSTREAM_TIMEOUT, upstreamTimeout, HubSettingKey.UPSTREAM_HEARTBEAT, upstreamHeartbeat,
                "allow at least one heartbeat; make the timeout longer, e.g. three heartbeats");
        Checks.atLeast(HubSettingKey.MAX_MESSAGE_SIZE, maxMessageSize, 1, "1048576");
        Checks.notNegative(HubSettingKey.LINGER, linger, "30s");
        Objects.requireNonNull(backoff, "backoff");
        Checks.positive(HubSettingKey.PORT_HEARTBEAT, portHeartbeat, "15s");
        Checks.positive(HubSettingKey.PORT_TIMEOUT, portTimeout, "45s");
        if (portTimeout.compareTo(portHeartbeat) <= 0) {
            throw new IllegalArgumentException(HubSettingKey.PORT_TIMEOUT.key() + " " + Durations.format(portTimeout)
                    + " is not longer than " + HubSettingKey.PORT_HEARTBEAT.key() + " " + Durations.format(portHeartbeat)
                    + ": make the timeout longer, e.g. three heartbeats");
        }
        Checks.atLeast(HubSettingKey.PORT_QUEUE, portQueue, 1, "4096");
        Objects.requireNonNull(slowPolicy, "slowPolicy");
        Checks.atLeast(HubSettingKey.UPSTREAM_QUEUE, upstreamQueue, 0, "256");
        Checks.atLeast(HubSettingKey.REPLAY, replay, 0, "1024");
        // A resuming port receives its replay through its queue (after the welcome and a possible gap).
        if ((long) replay + 2 > portQueue) {
            throw new IllegalArgumentException(HubSettingKey.REPLAY.key() + " " + replay + " does not fit "
                    + HubSettingKey.PORT_QUEUE.key() + " " + portQueue
                    + ": a resuming port receives its replay through its queue; make " + HubSettingKey.PORT_QUEUE.key()
                    + " at least " + ((long) replay + 2) + " or " + HubSettingKey.REPLAY.key() + " smaller");
        }
        Checks.positive(HubSettingKey.REPLAY_AGE, replayAge, "5m");
        onConnect = List.copyOf(onConnect);
        Checks.atLeast(HubSettingKey.MAX_PORTS, maxPorts, 1, "100000");
        Checks.atLeast(HubSettingKey.MAX_REFUSALS, maxRefusals, 1, "5");
        Checks.atLeast(HubSettingKey.MAX_FRAME_SIZE, maxFrameSize, 1, "1048576");
        upstreamCa = Objects.requireNonNull(upstreamCa, "upstreamCa");
        // Read now, so that a missing or broken file fails at start (and in a config check), not at the first connect.
        upstreamCa.ifPresent(file -> PemCertificates.read(file, HubSettingKey.UPSTREAM_CA));
        Checks.atLeast(HubSettingKey.UPSTREAM_BUFFER, upstreamBuffer, 1, "8388608");
        Checks.positive(HubSettingKey.UPSTREAM_DRAIN_TIMEOUT, upstreamDrainTimeout, "30s");
    }

    /** The certificates of {@link #upstreamCa()}, read from the file; empty when none is set. */
    public java.util.List<java.security.cert.X509Certificate> upstreamCaCertificates() {
        return upstreamCa.map(file -> PemCertificates.read(file, HubSettingKey.UPSTREAM_CA)).orElse(List.of());
    }

    /** Every documented default. */
    public static HubSettings defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headers.putAll(headers);
        b.connectTimeout = connectTimeout;
        b.upstreamHeartbeat = upstreamHeartbeat;
        b.upstreamTimeout = upstreamTimeout;
        b.maxMessageSize = maxMessageSize;
        b.linger = linger;
        b.eager = eager;
        b.backoff(backoff);
        b.portHeartbeat = portHeartbeat;
        b.portTimeout = portTimeout;
        b.portQueue = portQueue;
        b.slowPolicy = slowPolicy;
        b.upstreamQueue = upstreamQueue;
        b.replay = replay;
        b.replayAge = replayAge;
        b.onConnect.addAll(onConnect);
        b.maxPorts = maxPorts;
        b.maxRefusals = maxRefusals;
        b.maxFrameSize = maxFrameSize;
        b.upstreamCa = upstreamCa.orElse(null);
        b.upstreamBuffer = upstreamBuffer;
        b.upstreamDrainTimeout = upstreamDrainTimeout;
        return b;
    }

    /**
     * Builds {@link HubSettings}, starting from the defaults; each setter is named after its key
     * and checks nothing, so settings can be given in any order: {@link #build()} checks them as
     * a whole. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        // The upstream connection's defaults are the transport SPI's, so a request built without a hub agrees.
        private Duration connectTimeout = UpstreamRequest.DEFAULT_CONNECT_TIMEOUT;
        private Duration upstreamHeartbeat = UpstreamRequest.DEFAULT_HEARTBEAT_INTERVAL;
        private Duration upstreamTimeout = UpstreamRequest.DEFAULT_HEARTBEAT_TIMEOUT;
        private int maxMessageSize = UpstreamRequest.DEFAULT_MAX_MESSAGE_SIZE;
        private Duration linger = Duration.ofSeconds(30);
        private boolean eager;
        private Duration backoffBase = BackoffPolicy.DEFAULT.base();
        private Duration backoffCap = BackoffPolicy.DEFAULT.cap();
        private Duration backoffReset = BackoffPolicy.DEFAULT.resetAfter();
        private Duration portHeartbeat = Duration.ofSeconds(15);
        private Duration portTimeout = Duration.ofSeconds(45);
        private int portQueue = 4096;
        private SlowPortPolicy slowPolicy = SlowPortPolicy.END;
        private int upstreamQueue = 256;
        private int replay = 1024;
        private Duration replayAge = Duration.ofMinutes(5);
        private final List<Message> onConnect = new ArrayList<>();
        private int maxPorts = 100_000;
        private int maxRefusals = 5;
        private int maxFrameSize = 1 << 20;
        private Path upstreamCa;
        private int upstreamBuffer = 8 << 20;
        private Duration upstreamDrainTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Sets the setting named {@code key} from its text, as {@link HubSettingKey#apply} reads it. */
        public Builder set(String key, String text) {
            HubSettingKey.forKey(key).apply(this, text);
            return this;
        }

        /** {@code headers}: adds a request header sent when the upstream connection opens. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /** {@code headers}: adds request headers. */
        public Builder headers(Map<String, String> values) {
            values.forEach(this::header);
            return this;
        }

        /** {@code connect-timeout}. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /** {@code upstream-heartbeat}. */
        public Builder upstreamHeartbeat(Duration value) {
            upstreamHeartbeat = value;
            return this;
        }

        /** {@code upstream-timeout}. */
        public Builder upstreamTimeout(Duration value) {
            upstreamTimeout = value;
            return this;
        }

        /** {@code upstream-heartbeat} and {@code upstream-timeout}. */
        public Builder upstreamHeartbeat(Duration interval, Duration timeout) {
            return upstreamHeartbeat(interval).upstreamTimeout(timeout);
        }

        /** {@code max-message-size}, in bytes. */
        public Builder maxMessageSize(int bytes) {
            maxMessageSize = bytes;
            return this;
        }

        /** {@code linger}. */
        public Builder linger(Duration value) {
            linger = value;
            return this;
        }

        /** {@code eager}. */
        public Builder eager(boolean value) {
            eager = value;
            return this;
        }

        /** {@code backoff-base}. */
        public Builder backoffBase(Duration value) {
            backoffBase = value;
            return this;
        }

        /** {@code backoff-cap}. */
        public Builder backoffCap(Duration value) {
            backoffCap = value;
            return this;
        }

        /** {@code backoff-reset}. */
        public Builder backoffReset(Duration value) {
            backoffReset = value;
            return this;
        }

        /** {@code backoff-base}, {@code backoff-cap} and {@code backoff-reset}. */
        public Builder backoff(Duration base, Duration cap, Duration resetAfter) {
            return backoffBase(base).backoffCap(cap).backoffReset(resetAfter);
        }

        /** {@code backoff-base}, {@code backoff-cap} and {@code backoff-reset}, from a policy. */
        public Builder backoff(BackoffPolicy policy) {
            return backoff(policy.base(), policy.cap(), policy.resetAfter());
        }

        /** {@code port-heartbeat}. */
        public Builder portHeartbeat(Duration value) {
            portHeartbeat = value;
            return this;
        }

        /** {@code port-timeout}. */
        public Builder portTimeout(Duration value) {
            portTimeout = value;
            return this;
        }

        /** {@code port-heartbeat} and {@code port-timeout}. */
        public Builder portHeartbeat(Duration interval, Duration timeout) {
            return portHeartbeat(interval).portTimeout(timeout);
        }

        /** {@code port-queue}, in items. */
        public Builder portQueue(int items) {
            portQueue = items;
            return this;
        }

        /** {@code slow-policy}. */
        public Builder slowPolicy(SlowPortPolicy value) {
            slowPolicy = value;
            return this;
        }

        /** {@code upstream-queue}, in messages. */
        public Builder upstreamQueue(int messages) {
            upstreamQueue = messages;
            return this;
        }

        /** {@code replay}, in messages. */
        public Builder replay(int messages) {
            replay = messages;
            return this;
        }

        /** {@code replay-age}. */
        public Builder replayAge(Duration value) {
            replayAge = value;
            return this;
        }

        /** {@code replay} and {@code replay-age}. */
        public Builder replay(int messages, Duration age) {
            return replay(messages).replayAge(age);
        }

        /** {@code on-connect}: adds a text frame sent upstream after every (re)connect. */
        public Builder onConnect(String text) {
            return onConnect(Message.text(Objects.requireNonNull(text, "text")));
        }

        /** {@code on-connect}: adds a message sent upstream after every (re)connect. */
        public Builder onConnect(Message message) {
            onConnect.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** {@code on-connect}: replaces the messages sent upstream after every (re)connect. */
        public Builder onConnect(List<Message> messages) {
            onConnect.clear();
            messages.forEach(this::onConnect);
            return this;
        }

        /** {@code max-ports}. */
        public Builder maxPorts(int value) {
            maxPorts = value;
            return this;
        }

        /** {@code max-refusals}. */
        public Builder maxRefusals(int value) {
            maxRefusals = value;
            return this;
        }

        /** {@code max-frame-size}, in bytes. */
        public Builder maxFrameSize(int bytes) {
            maxFrameSize = bytes;
            return this;
        }

        /** {@code upstream-ca}: a PEM file of CA certificates; null for the JVM's default trust store. */
        public Builder upstreamCa(Path file) {
            upstreamCa = file;
            return this;
        }

        /** {@code upstream-buffer}, in bytes. */
        public Builder upstreamBuffer(int bytes) {
            upstreamBuffer = bytes;
            return this;
        }

        /** {@code upstream-drain-timeout}. */
        public Builder upstreamDrainTimeout(Duration value) {
            upstreamDrainTimeout = value;
            return this;
        }

        /**
         * The settings, checked as a whole.
         *
         * @throws IllegalArgumentException naming the key, the value and the fix
         */
        public HubSettings build() {
            return new HubSettings(headers, connectTimeout, upstreamHeartbeat, upstreamTimeout, maxMessageSize, linger,
                    eager, new BackoffPolicy(backoffBase, backoffCap, backoffReset), portHeartbeat, portTimeout,
                    portQueue, slowPolicy, upstreamQueue, replay, replayAge, onConnect, maxPorts, maxRefusals,
                    maxFrameSize, Optional.ofNullable(upstreamCa), upstreamBuffer, upstreamDrainTimeout);
        }
    }
}
