package dev.switchboard.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a hub has done since it started, and how full its port queues are now: the figures that
 * metrics and status pages show beside the {@link HubEvent}s. Counters only grow; the queue
 * figures are a snapshot. Read with {@link Hub#stats()}, which is cheap enough to call on every
 * metrics scrape (it walks the attached ports once).
 *
 * @param messagesReceived messages that entered the hub from the upstream
 * @param bytesReceived    their payload bytes
 * @param messagesSent     messages the hub handed to the upstream connection (port sends and on-connect messages)
 * @param bytesSent        their payload bytes
 * @param deliveries       items (messages, status changes, gaps) written to ports
 * @param sendsSent        port sends handed to the open upstream at once
 * @param sendsQueued      port sends that waited for the upstream to reconnect
 * @param sendsRejected    port sends refused (queue full, port ended, hub closed, upstream did not take it)
 * @param backlogsDropped  times a slow port lost its queued messages under the drop-oldest policy
 * @param resumesServed    ports that resumed from a cursor and got everything they missed from the replay buffer
 * @param messagesReplayed messages sent to resuming ports from the replay buffer
 * @param gaps             gaps sent to ports, by cause; every cause is present
 * @param queuedItems      items waiting in all port queues now (queued or being written)
 * @param deepestQueue     items waiting in the fullest port queue now
 * @param upstreamBufferedBytes bytes the open upstream connection took and has not yet written
 *                         ({@link dev.switchboard.api.spi.UpstreamConnection#bufferedBytes()}); 0 with no open connection
 * @param sendsWaiting     port sends waiting now for the upstream to reconnect (lost if the hub closes first)
 */
public record HubStats(long messagesReceived, long bytesReceived, long messagesSent, long bytesSent,
                       long deliveries, long sendsSent, long sendsQueued, long sendsRejected,
                       long backlogsDropped, long resumesServed, long messagesReplayed,
                       Map<Downstream.Gap.Cause, Long> gaps, long queuedItems, int deepestQueue,
                       long upstreamBufferedBytes, int sendsWaiting) {

    /** Copies the gap counts, filling in zero for every cause not given. */
    public HubStats {
        Objects.requireNonNull(gaps, "gaps");
        EnumMap<Downstream.Gap.Cause, Long> all = new EnumMap<>(Downstream.Gap.Cause.class);
        for (Downstream.Gap.Cause cause : Downstream.Gap.Cause.values()) {
            all.put(cause, gaps.getOrDefault(cause, 0L));
        }
        gaps = Map.copyOf(all);
    }
}
