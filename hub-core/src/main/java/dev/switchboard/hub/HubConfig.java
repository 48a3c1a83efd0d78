package dev.switchboard.hub;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamRequest;
import java.time.Duration;
import java.util.List;

/** Everything that shapes one hub, validated by {@link HubBuilder#build()}. */
record HubConfig(
        String name,
        UpstreamRequest upstream,
        Duration linger,
        boolean eager,
        BackoffPolicy backoff,
        Duration portHeartbeatInterval,
        Duration portHeartbeatTimeout,
        int portQueueCapacity,
        SlowPortPolicy slowPortPolicy,
        int upstreamQueueCapacity,
        int replayMaxMessages,
        Duration replayMaxAge,
        List<Message> onConnect,
        int maxPorts,
        int maxRefusals) {
}
