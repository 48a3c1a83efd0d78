package dev.switchboard.hub;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.hub.time.ExecutorHubScheduler;
import dev.switchboard.hub.time.HubScheduler;
import dev.switchboard.hub.transport.TransportRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Builds a {@link Hub}. Every option has a default; only {@link #upstream(URI)} is required.
 * {@link #build()} checks every value and the upstream's transport, so a bad configuration fails
 * here, with a sentence naming the value and the fix, rather than at the first attach.
 *
 * <pre>{@code
 * Hub hub = Hubs.builder("prices")
 *         .upstream(URI.create("wss://feed.example.com/v1"))
 *         .header("Authorization", "Bearer " + key)
 *         .linger(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class HubBuilder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Default {@link #linger}. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);
    /** Default port heartbeat interval. */
    public static final Duration DEFAULT_PORT_HEARTBEAT = Duration.ofSeconds(15);
    /** Default port heartbeat deadline. */
    public static final Duration DEFAULT_PORT_TIMEOUT = Duration.ofSeconds(45);
    /** Default {@link #portQueueCapacity}. */
    public static final int DEFAULT_PORT_QUEUE_CAPACITY = 4096;
    /** Default {@link #upstreamQueueCapacity}. */
    public static final int DEFAULT_UPSTREAM_QUEUE_CAPACITY = 256;
    /** Default replay buffer size in messages. */
    public static final int DEFAULT_REPLAY_MESSAGES = 1024;
    /** Default replay buffer age. */
    public static final Duration DEFAULT_REPLAY_AGE = Duration.ofMinutes(5);
    /** Default {@link #maxPorts}. */
    public static final int DEFAULT_MAX_PORTS = 100_000;
    /** Default {@link #maxRefusals}. */
    public static final int DEFAULT_MAX_REFUSALS = 5;

    private final String name;
    private URI upstream;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> transportOptions = new LinkedHashMap<>();
    private Duration connectTimeout = UpstreamRequest.DEFAULT_CONNECT_TIMEOUT;
    private Duration upstreamHeartbeatInterval = UpstreamRequest.DEFAULT_HEARTBEAT_INTERVAL;
    private Duration upstreamHeartbeatTimeout = UpstreamRequest.DEFAULT_HEARTBEAT_TIMEOUT;
    private int maxMessageSize = UpstreamRequest.DEFAULT_MAX_MESSAGE_SIZE;
    private Duration linger = DEFAULT_LINGER;
    private boolean eager;
    private BackoffPolicy backoff = BackoffPolicy.DEFAULT;
    private Duration portHeartbeatInterval = DEFAULT_PORT_HEARTBEAT;
    private Duration portHeartbeatTimeout = DEFAULT_PORT_TIMEOUT;
    private int portQueueCapacity = DEFAULT_PORT_QUEUE_CAPACITY;
    private SlowPortPolicy slowPortPolicy = SlowPortPolicy.END;
    private int upstreamQueueCapacity = DEFAULT_UPSTREAM_QUEUE_CAPACITY;
    private int replayMaxMessages = DEFAULT_REPLAY_MESSAGES;
    private Duration replayMaxAge = DEFAULT_REPLAY_AGE;
    private final List<Message> onConnect = new ArrayList<>();
    private int maxPorts = DEFAULT_MAX_PORTS;
    private int maxRefusals = DEFAULT_MAX_REFUSALS;
    private TransportRegistry transports;
    private HubScheduler scheduler;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random;
    private StreamStart streamStart;

    HubBuilder(String name) {
        this.name = name;
    }

    /** The upstream to share, e.g. {@code ws://127.0.0.1:9001/feed}. Required. */
    public HubBuilder upstream(URI uri) {
        this.upstream = uri;
        return this;
    }

    /** A header sent when the upstream connection opens (an API key, a cookie). */
    public HubBuilder header(String headerName, String value) {
        headers.put(Objects.requireNonNull(headerName, "header name"), Objects.requireNonNull(value, "header value"));
        return this;
    }

    /** Headers sent when the upstream connection opens. */
    public HubBuilder headers(Map<String, String> values) {
        values.forEach(this::header);
        return this;
    }

    /** A transport-specific option, passed to the transport in {@link UpstreamRequest#options()}. */
    public HubBuilder transportOption(String optionName, String value) {
        transportOptions.put(Objects.requireNonNull(optionName, "option name"), Objects.requireNonNull(value, "option value"));
        return this;
    }

    /** How long an upstream connection may take to open (default 10s). */
    public HubBuilder connectTimeout(Duration value) {
        this.connectTimeout = value;
        return this;
    }

    /** How often the transport probes a quiet upstream, and how long it may stay silent (default 15s, 45s). */
    public HubBuilder upstreamHeartbeat(Duration interval, Duration timeout) {
        this.upstreamHeartbeatInterval = interval;
        this.upstreamHeartbeatTimeout = timeout;
        return this;
    }

    /** The largest message accepted from the upstream, in bytes (default 1 MiB). */
    public HubBuilder maxMessageSize(int bytes) {
        this.maxMessageSize = bytes;
        return this;
    }

    /** How long the upstream stays open after the last port leaves (default 30s; zero closes at once). */
    public HubBuilder linger(Duration value) {
        this.linger = value;
        return this;
    }

    /** Connect at start and stay connected with no port attached (default false: connect on first attach). */
    public HubBuilder eager(boolean value) {
        this.eager = value;
        return this;
    }

    /** The reconnect backoff (default {@link BackoffPolicy#DEFAULT}). */
    public HubBuilder backoff(BackoffPolicy value) {
        this.backoff = value;
        return this;
    }

    /**
     * How often each port is probed, and how long it may stay silent before it ends with
     * {@code TIMEOUT} (default 15s, 45s). A dead port is noticed between {@code timeout} and
     * {@code timeout + interval} after it last spoke.
     */
    public HubBuilder portHeartbeat(Duration interval, Duration timeout) {
        this.portHeartbeatInterval = interval;
        this.portHeartbeatTimeout = timeout;
        return this;
    }

    /** How many items may wait for one port before it counts as slow (default 4096). */
    public HubBuilder portQueueCapacity(int items) {
        this.portQueueCapacity = items;
        return this;
    }

    /** What happens to a port whose queue is full (default {@link SlowPortPolicy#END}). */
    public HubBuilder slowPortPolicy(SlowPortPolicy value) {
        this.slowPortPolicy = value;
        return this;
    }

    /** How many port messages may wait for the upstream to reconnect (default 256); more are refused. */
    public HubBuilder upstreamQueueCapacity(int messages) {
        this.upstreamQueueCapacity = messages;
        return this;
    }

    /** The replay buffer: at most this many messages, none older than this (default 1024, 5m). Zero messages disables replay. */
    public HubBuilder replay(int maxMessages, Duration maxAge) {
        this.replayMaxMessages = maxMessages;
        this.replayMaxAge = maxAge;
        return this;
    }

    /** Messages sent upstream, in order, after every (re)connect: a subscribe frame, say. Replaces earlier ones. */
    public HubBuilder onConnect(List<Message> messages) {
        onConnect.clear();
        onConnect.addAll(messages);
        return this;
    }

    /** The most ports the hub accepts at once (default 100,000); more are ended with {@code REJECTED}. */
    public HubBuilder maxPorts(int value) {
        this.maxPorts = value;
        return this;
    }

    /**
     * How many times in a row the upstream may refuse the connection (an HTTP error status, a
     * wrong content type: {@link dev.switchboard.api.spi.UpstreamRefusedException}) before the
     * hub stops retrying and goes idle; a port attaching later tries again (default 5). Network
     * failures are retried without limit.
     */
    public HubBuilder maxRefusals(int value) {
        this.maxRefusals = value;
        return this;
    }

    /** Where transports come from (default: {@link TransportRegistry#discover()}). */
    public HubBuilder transports(TransportRegistry registry) {
        this.transports = registry;
        return this;
    }

    /** The thread and clock the hub runs on (default: its own daemon thread and the system clock). */
    public HubBuilder scheduler(HubScheduler value) {
        this.scheduler = value;
        return this;
    }

    /** The wall clock for events (default UTC system clock); ignored when a scheduler is given. */
    public HubBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** The random source for backoff jitter and the epoch (default: a new {@link java.util.SplittableRandom}). */
    public HubBuilder random(RandomGenerator value) {
        this.random = value;
        return this;
    }

    /**
     * Makes the hub continue a stream whose cursors are assigned outside it (a cluster's shared
     * stream): the hub starts at {@code head}, holds {@code held} for resuming ports, and takes
     * the cursor each upstream message already carries instead of assigning its own. Messages
     * at or before the newest one are dropped as repeats; a skip or a new epoch reaches every
     * port as a gap. Messages without a cursor still get the next one of the current epoch.
     *
     * @param head the stream's newest cursor ({@code epoch:0} when it is empty)
     * @param held the newest messages, oldest first, with consecutive cursors ending at {@code head}
     */
    public HubBuilder continueStream(Cursor head, List<Message> held) {
        Objects.requireNonNull(head, "head");
        long expected = head.seq() - held.size() + 1;
        for (Message message : held) {
            Cursor cursor = message.cursor().orElseThrow(() -> new IllegalArgumentException(
                    "a held message has no cursor: " + message + "; give every held message its stream cursor"));
            if (!cursor.sameEpoch(head) || cursor.seq() != expected) {
                throw new IllegalArgumentException("held message cursor " + cursor + " is out of order: expected "
                        + new Cursor(head.epoch(), expected) + " (consecutive cursors ending at " + head + ")");
            }
            expected++;
        }
        this.streamStart = new StreamStart(head, List.copyOf(held));
        return this;
    }

    /**
     * Checks the configuration, finds the upstream's transport, and starts the hub (an eager
     * hub starts connecting at once).
     *
     * @throws IllegalArgumentException naming the bad value and the fix
     * @throws dev.switchboard.hub.transport.TransportNotFoundException when no transport handles the upstream's scheme
     */
    public Hub build() {
        HubConfig config = validate();
        TransportRegistry registry = transports != null ? transports : TransportRegistry.discover();
        TransportProvider provider = registry.forScheme(config.upstream().scheme());
        provider.validate(config.upstream());
        HubScheduler hubScheduler = scheduler != null ? scheduler : new ExecutorHubScheduler(name, clock);
        RandomGenerator hubRandom = random != null ? random : new java.util.SplittableRandom();
        RealHub hub = new RealHub(config, provider, hubScheduler, hubRandom, scheduler == null, streamStart);
        hub.start();
        return hub;
    }

    private HubConfig validate() {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid hub name '" + name
                    + "': use 1 to 64 letters, digits, '_' or '-' (it appears in URLs)");
        }
        if (upstream == null) {
            throw new IllegalArgumentException("hub '" + name + "' has no upstream: call upstream(URI), e.g. ws://127.0.0.1:9001/feed");
        }
        if (upstream.getScheme() == null) {
            throw new IllegalArgumentException("upstream '" + upstream + "' of hub '" + name
                    + "' has no scheme: write it in full, e.g. ws://127.0.0.1:9001/feed");
        }
        requireNotNegative("linger", linger);
        requirePositive("port heartbeat interval", portHeartbeatInterval);
        requirePositive("port heartbeat timeout", portHeartbeatTimeout);
        if (portHeartbeatTimeout.compareTo(portHeartbeatInterval) < 0) {
            throw new IllegalArgumentException("port heartbeat timeout " + portHeartbeatTimeout
                    + " is shorter than the interval " + portHeartbeatInterval + ": allow at least one heartbeat");
        }
        requirePositive("replay age", replayMaxAge);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(slowPortPolicy, "slowPortPolicy");
        if (portQueueCapacity < 1) {
            throw new IllegalArgumentException("port queue capacity " + portQueueCapacity + " must be at least 1");
        }
        if (upstreamQueueCapacity < 0) {
            throw new IllegalArgumentException("upstream queue capacity " + upstreamQueueCapacity + " must not be negative");
        }
        if (replayMaxMessages < 0) {
            throw new IllegalArgumentException("replay size " + replayMaxMessages + " must not be negative");
        }
        // A resuming port receives its replay through its queue, so the whole replay must fit.
        if (replayMaxMessages + 2 > portQueueCapacity) {
            throw new IllegalArgumentException("replay size " + replayMaxMessages + " does not fit the port queue capacity "
                    + portQueueCapacity + ": make the port queue at least 2 larger than the replay size");
        }
        if (maxPorts < 1) {
            throw new IllegalArgumentException("max ports " + maxPorts + " must be at least 1");
        }
        if (maxRefusals < 1) {
            throw new IllegalArgumentException("max refusals " + maxRefusals + " must be at least 1");
        }
        UpstreamRequest.Builder request = UpstreamRequest.builder(upstream)
                .headers(headers)
                .connectTimeout(connectTimeout)
                .heartbeatInterval(upstreamHeartbeatInterval)
                .heartbeatTimeout(upstreamHeartbeatTimeout)
                .maxMessageSize(maxMessageSize);
        transportOptions.forEach(request::option);
        return new HubConfig(name, request.build(), linger, eager, backoff, portHeartbeatInterval, portHeartbeatTimeout,
                portQueueCapacity, slowPortPolicy, upstreamQueueCapacity, replayMaxMessages, replayMaxAge,
                List.copyOf(onConnect), maxPorts, maxRefusals);
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " " + value + " must be positive");
        }
    }

    private static void requireNotNegative(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " " + value + " must not be negative");
        }
    }
}
