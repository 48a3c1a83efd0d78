package dev.switchboard.server.observe;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.HubListener;
import dev.switchboard.api.HubStats;
import dev.switchboard.api.UpstreamState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one hub's events say, kept for the metrics and the status report: ports attached and
 * ended by reason, the upstream's state and since when, connect attempts, failures and
 * reconnects, the last upstream error, and the latest {@link HubStats}.
 *
 * <p>Events arrive on the hub's thread; the report is read on HTTP threads. The event rate is
 * that of port and upstream lifecycles, never of messages, so one monitor lock is enough.
 */
public final class HubWatch implements HubListener {

    /** How many recent port ends the status report lists. */
    static final int RECENT_ENDS = 20;

    private final Hub hub;
    private final Counter attached;
    private final Map<EndReason, Counter> ended = new EnumMap<>(EndReason.class);
    private final Counter connectAttempts;
    private final Counter connectFailures;
    private final Counter reconnects;

    private UpstreamState state;
    private Instant since;
    private String lastError;
    private Instant lastErrorAt;
    private boolean attemptAfterBackoff;
    private final ArrayDeque<RecentEnd> recentEnds = new ArrayDeque<>();
    private volatile HubStats stats;
    private long rateCount;
    private long rateNanos;
    private double messagesPerSecond;

    HubWatch(Hub hub, MeterRegistry registry, Instant now, long nowNanos) {
        this.hub = hub;
        this.state = hub.upstreamState();
        this.since = now;
        this.stats = hub.stats();
        this.rateCount = stats.messagesReceived();
        this.rateNanos = nowNanos;
        String name = hub.name();
        attached = Counter.builder("switchboard.ports.attached").tag("hub", name)
                .description("Ports that attached").register(registry);
        for (EndReason reason : EndReason.values()) {
            ended.put(reason, Counter.builder("switchboard.ports.ended").tag("hub", name)
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Ports that ended, by reason").register(registry));
        }
        connectAttempts = Counter.builder("switchboard.upstream.connect.attempts").tag("hub", name)
                .description("Upstream connection attempts").register(registry);
        connectFailures = Counter.builder("switchboard.upstream.connect.failures").tag("hub", name)
                .description("Upstream connection attempts that did not open").register(registry);
        reconnects = Counter.builder("switchboard.upstream.reconnects").tag("hub", name)
                .description("Upstream connections opened by a retry after a failure or a drop").register(registry);
    }

    /** The hub watched. */
    public Hub hub() {
        return hub;
    }

    @Override
    public void onEvent(HubEvent event) {
        if (event instanceof HubEvent.PortAttached) {
            attached.increment();
        } else if (event instanceof HubEvent.PortEnded e) {
            ended.get(e.end().reason()).increment();
            synchronized (this) {
                recentEnds.addFirst(new RecentEnd(e.portId(), e.end().reason(), e.end().detail(), e.at()));
                if (recentEnds.size() > RECENT_ENDS) {
                    recentEnds.removeLast();
                }
            }
        } else if (event instanceof HubEvent.UpstreamStateChanged e) {
            upstreamChanged(e);
        } else if (event instanceof HubEvent.UpstreamRetryScheduled e) {
            synchronized (this) {
                lastError = e.cause();
                lastErrorAt = e.at();
            }
        }
    }

    private void upstreamChanged(HubEvent.UpstreamStateChanged e) {
        if (e.to() == UpstreamState.CONNECTING) {
            connectAttempts.increment();
        } else if (e.from() == UpstreamState.CONNECTING && e.to() != UpstreamState.OPEN) {
            connectFailures.increment();
        } else if (e.from() == UpstreamState.CONNECTING && attemptAfterBackoff) {
            reconnects.increment();
        }
        synchronized (this) {
            if (e.to() == UpstreamState.CONNECTING) {
                attemptAfterBackoff = e.from() == UpstreamState.BACKOFF;
            }
            state = e.to();
            since = e.at();
        }
    }

    /** Takes a fresh {@link HubStats}; the metrics read the latest one. */
    public HubStats refresh() {
        HubStats fresh = hub.stats();
        stats = fresh;
        return fresh;
    }

    /** The {@link HubStats} of the last {@link #refresh()}. */
    HubStats stats() {
        return stats;
    }

    /** The cause of the last failed attempt or dropped connection, if there was one. */
    public synchronized Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** The upstream's state as the events told it. */
    synchronized UpstreamState state() {
        return state;
    }

    /**
     * Messages per second from the upstream since the previous call at least a second ago; the
     * status page asks every few seconds, which makes this a moving figure.
     */
    public synchronized double messagesPerSecond(long nowNanos) {
        long elapsed = nowNanos - rateNanos;
        if (elapsed >= 1_000_000_000L) {
            long count = stats.messagesReceived();
            messagesPerSecond = (count - rateCount) * 1e9 / elapsed;
            rateCount = count;
            rateNanos = nowNanos;
        }
        return messagesPerSecond;
    }

    /** The facts the status report shows, read together. */
    public synchronized View view() {
        Map<EndReason, Long> byReason = new EnumMap<>(EndReason.class);
        ended.forEach((reason, counter) -> byReason.put(reason, (long) counter.count()));
        return new View(state, since, Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt),
                List.copyOf(recentEnds), byReason, (long) attached.count());
    }

    /** One port's end, for the status report. */
    public record RecentEnd(String port, EndReason reason, String detail, Instant at) {
    }

    /** A consistent read of the lifecycle facts. */
    public record View(UpstreamState state, Instant since, Optional<String> lastError, Optional<Instant> lastErrorAt,
                List<RecentEnd> recentEnds, Map<EndReason, Long> endsByReason, long attachedTotal) {
    }
}
