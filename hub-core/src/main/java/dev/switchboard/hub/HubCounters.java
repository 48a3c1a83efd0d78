package dev.switchboard.hub;

import dev.switchboard.api.Downstream;
import dev.switchboard.api.HubStats;
import dev.switchboard.api.SendResult;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A hub's running totals for {@link dev.switchboard.api.HubStats}. LongAdders, not locks: the
 * hub thread counts what enters and leaves the hub, the front end's I/O threads count
 * deliveries, and a scrape reads them all without stopping either.
 */
final class HubCounters {

    final LongAdder messagesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    /** Shared by every port's {@link Outbox}. */
    final LongAdder deliveries = new LongAdder();
    final LongAdder backlogsDropped = new LongAdder();
    final LongAdder resumesServed = new LongAdder();
    final LongAdder messagesReplayed = new LongAdder();
    private final EnumMap<SendResult.Status, LongAdder> sends = new EnumMap<>(SendResult.Status.class);
    private final EnumMap<Downstream.Gap.Cause, LongAdder> gaps = new EnumMap<>(Downstream.Gap.Cause.class);

    HubCounters() {
        for (SendResult.Status status : SendResult.Status.values()) {
            sends.put(status, new LongAdder());
        }
        for (Downstream.Gap.Cause cause : Downstream.Gap.Cause.values()) {
            gaps.put(cause, new LongAdder());
        }
    }

    void send(SendResult result) {
        sends.get(result.status()).increment();
    }

    void gap(Downstream.Gap.Cause cause) {
        gaps.get(cause).increment();
    }

    HubStats snapshot(long queuedItems, int deepestQueue, long upstreamBufferedBytes, int sendsWaiting) {
        Map<Downstream.Gap.Cause, Long> gapCounts = new EnumMap<>(Downstream.Gap.Cause.class);
        gaps.forEach((cause, count) -> gapCounts.put(cause, count.sum()));
        return new HubStats(messagesReceived.sum(), bytesReceived.sum(), messagesSent.sum(), bytesSent.sum(),
                deliveries.sum(), sends.get(SendResult.Status.SENT).sum(), sends.get(SendResult.Status.QUEUED).sum(),
                sends.get(SendResult.Status.REJECTED).sum(), backlogsDropped.sum(), resumesServed.sum(),
                messagesReplayed.sum(), gapCounts, queuedItems, deepestQueue,
                upstreamBufferedBytes, sendsWaiting);
    }
}
