package dev.switchboard.hub;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubNames;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.hub.time.ExecutorHubScheduler;
import dev.switchboard.hub.time.HubScheduler;
import dev.switchboard.hub.transport.TransportRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Builds a {@link Hub}: its name, its upstream, its {@link HubSettings} (every option, with the
 * defaults documented there), and what it runs on. Only {@link #upstream(URI)} is required.
 * {@link #build()} checks every value and the upstream's transport, so a bad configuration fails
 * here, with a sentence naming the value and the fix, rather than at the first attach.
 *
 * <pre>{@code
 * Hub hub = Hubs.builder("prices")
 *         .upstream(URI.create("wss://feed.example.com/v1"))
 *         .settings(s -> s.header("Authorization", "Bearer " + key).linger(Duration.ofSeconds(30)))
 *         .build();
 * }</pre>
 */
public final class HubBuilder {

    private final String name;
    private URI upstream;
    private HubSettings.Builder settings = HubSettings.builder();
    private final Map<String, String> transportOptions = new LinkedHashMap<>();
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

    /** Replaces the hub's settings (default {@link HubSettings#defaults()}). */
    public HubBuilder settings(HubSettings value) {
        this.settings = value.toBuilder();
        return this;
    }

    /** Changes some of the hub's settings, e.g. {@code settings(s -> s.linger(Duration.ZERO))}; checked by {@link #build()}. */
    public HubBuilder settings(Consumer<HubSettings.Builder> change) {
        change.accept(settings);
        return this;
    }

    /** A transport-specific option, passed to the transport in {@link UpstreamRequest#options()}. */
    public HubBuilder transportOption(String optionName, String value) {
        transportOptions.put(Objects.requireNonNull(optionName, "option name"), Objects.requireNonNull(value, "option value"));
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
        HubSetup setup = validate();
        TransportRegistry registry = transports != null ? transports : TransportRegistry.discover();
        TransportProvider provider = registry.forScheme(setup.upstream().scheme());
        provider.validate(setup.upstream());
        HubScheduler hubScheduler = scheduler != null ? scheduler : new ExecutorHubScheduler(name, clock);
        RandomGenerator hubRandom = random != null ? random : new java.util.SplittableRandom();
        RealHub hub = new RealHub(setup, provider, hubScheduler, hubRandom, scheduler == null, streamStart);
        hub.start();
        return hub;
    }

    private HubSetup validate() {
        HubNames.check(name);
        if (upstream == null) {
            throw new IllegalArgumentException("hub '" + name + "' has no upstream: call upstream(URI), e.g. ws://127.0.0.1:9001/feed");
        }
        if (upstream.getScheme() == null) {
            throw new IllegalArgumentException("upstream '" + upstream + "' of hub '" + name
                    + "' has no scheme: write it in full, e.g. ws://127.0.0.1:9001/feed");
        }
        HubSettings checked;
        try {
            checked = settings.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hub '" + name + "': " + e.getMessage(), e);
        }
        UpstreamRequest.Builder request = UpstreamRequest.builder(upstream)
                .headers(checked.headers())
                .connectTimeout(checked.connectTimeout())
                .heartbeatInterval(checked.upstreamHeartbeat())
                .heartbeatTimeout(checked.upstreamTimeout())
                .maxMessageSize(checked.maxMessageSize())
                .trustedCertificates(checked.upstreamCaCertificates());
        transportOptions.forEach(request::option);
        return new HubSetup(name, request.build(), checked);
    }
}
