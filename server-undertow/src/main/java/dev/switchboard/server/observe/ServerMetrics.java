package dev.switchboard.server.observe;

import dev.switchboard.api.Downstream;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubStats;
import dev.switchboard.api.Registration;
import dev.switchboard.api.SendResult;
import dev.switchboard.api.UpstreamState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus registry: JVM and process metrics, and for every hub (label
 * {@code hub}) the figures its events and {@link HubStats} give. Names are Micrometer's dotted
 * names, which the Prometheus registry writes with {@code _total}, {@code _bytes} and
 * {@code _seconds} as Prometheus' conventions ask; {@code docs/operations.md} lists them all.
 */
public final class ServerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, HubWatch> watches = new LinkedHashMap<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final HandshakeRejections rejections = new HandshakeRejections(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** A registry for these hubs, listening to their events from now on. */
    public ServerMetrics(Collection<Hub> hubs, Clock clock) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (Hub hub : hubs) {
            HubWatch watch = new HubWatch(hub, registry, clock.instant(), System.nanoTime());
            registrations.add(hub.addListener(watch));
            watches.put(hub.name(), watch);
            register(watch);
        }
    }

    private void register(HubWatch watch) {
        Hub hub = watch.hub();
        String name = hub.name();
        Gauge.builder("switchboard.ports", hub, Hub::portCount).tag("hub", name)
                .description("Ports attached now").register(registry);
        for (UpstreamState state : UpstreamState.values()) {
            Gauge.builder("switchboard.upstream.state", watch, w -> w.state() == state ? 1 : 0).tag("hub", name)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("1 for the upstream's current state, 0 for the others").register(registry);
        }
        counter("switchboard.upstream.messages.received", null, watch, HubStats::messagesReceived,
                "Messages that entered the hub from the upstream");
        counter("switchboard.upstream.received", BaseUnits.BYTES, watch, HubStats::bytesReceived,
                "Payload bytes of the messages from the upstream");
        counter("switchboard.upstream.messages.sent", null, watch, HubStats::messagesSent,
                "Messages the upstream connection took (port sends and on-connect messages)");
        counter("switchboard.upstream.sent", BaseUnits.BYTES, watch, HubStats::bytesSent,
                "Payload bytes of the messages sent upstream");
        counter("switchboard.port.deliveries", null, watch, HubStats::deliveries,
                "Items (messages, status changes, gaps) written to ports");
        sends(watch, SendResult.Status.SENT, HubStats::sendsSent);
        sends(watch, SendResult.Status.QUEUED, HubStats::sendsQueued);
        sends(watch, SendResult.Status.REJECTED, HubStats::sendsRejected);
        counter("switchboard.slow.port.drops", null, watch, HubStats::backlogsDropped,
                "Times a slow port lost its queued messages (slow policy drop-oldest)");
        counter("switchboard.replay.resumes", null, watch, HubStats::resumesServed,
                "Resuming ports that got everything they missed from the replay buffer");
        counter("switchboard.replay.messages", null, watch, HubStats::messagesReplayed,
                "Messages sent to resuming ports from the replay buffer");
        for (Downstream.Gap.Cause cause : Downstream.Gap.Cause.values()) {
            FunctionCounter.builder("switchboard.gaps", watch, w -> w.stats().gaps().get(cause))
                    .tag("hub", name).tag("cause", cause.name().toLowerCase(Locale.ROOT))
                    .description("Gaps sent to ports, by cause").register(registry);
        }
        Gauge.builder("switchboard.port.queue.items", watch, w -> w.stats().queuedItems()).tag("hub", name)
                .description("Items waiting in all port queues").register(registry);
        Gauge.builder("switchboard.port.queue.items.max", watch, w -> w.stats().deepestQueue()).tag("hub", name)
                .description("Items waiting in the fullest port queue").register(registry);
    }

    private void sends(HubWatch watch, SendResult.Status status, ToDoubleFunction<HubStats> count) {
        FunctionCounter.builder("switchboard.port.sends", watch, w -> count.applyAsDouble(w.stats()))
                .tag("hub", watch.hub().name()).tag("result", status.name().toLowerCase(Locale.ROOT))
                .description("Messages ports sent upstream, by what the hub did with them").register(registry);
    }

    private void counter(String name, String unit, HubWatch watch, ToDoubleFunction<HubStats> count, String description) {
        FunctionCounter.builder(name, watch, w -> count.applyAsDouble(w.stats()))
                .tag("hub", watch.hub().name()).baseUnit(unit).description(description).register(registry);
    }

    /** The hook that counts refused handshakes. */
    public HandshakeRejections handshakeRejections() {
        return rejections;
    }

    /** Every hub's watch, by name, in configuration order. */
    public Map<String, HubWatch> watches() {
        return watches;
    }

    /** The registry, for tests and for binding more meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every metric in Prometheus' text format (version 0.0.4), with fresh hub figures. */
    public String scrape() {
        watches.values().forEach(HubWatch::refresh);
        return registry.scrape();
    }

    /** Stops listening to the hubs and releases the GC listeners. */
    @Override
    public void close() {
        registrations.forEach(Registration::close);
        gc.close();
        registry.close();
    }
}
