package dev.switchboard.cluster.redis;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.SendResult;
import dev.switchboard.api.UpstreamState;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's part in one clustered hub, run every tick on the cluster's coordination thread:
 * it advertises this instance's interest while it has ports, tries or renews the lease, and, as
 * leader, holds the origin hub, attaches the relay port while any instance is interested, and
 * consumes the send stream. Everything here runs on that one thread, so it needs no lock.
 */
final class HubCoordinator implements OriginRelayPort.Events {

    private static final Logger log = LoggerFactory.getLogger(HubCoordinator.class);

    private final String hub;
    private final RedisClient client;
    private final RedisAsyncCommands<String, byte[]> async;
    private final ClusterKeys keys;
    private final ClusterSettings settings;
    private final StreamBounds bounds;
    private final Supplier<String> epochCandidates;
    private final Supplier<Hub> originHubs;
    private final IntSupplier localPorts;
    private final ScheduledExecutorService thread;
    private final Executor appends;
    private final LeaderLease lease;
    private final Interest interest;

    private ScheduledFuture<?> ticking;
    private boolean interested;
    private String token;
    private long renewedAtNanos;
    private Hub origin;
    private volatile OriginRelayPort relay;
    private SendConsumer consumer;
    private volatile String lastProblem;
    private volatile boolean leader;
    private boolean closed;

    HubCoordinator(String hub, RedisClient client, RedisCommands<String, byte[]> sync, RedisAsyncCommands<String, byte[]> async,
            ClusterKeys keys, ClusterSettings settings, StreamBounds bounds, Supplier<String> epochCandidates, Supplier<Hub> originHubs,
            IntSupplier localPorts, ScheduledExecutorService thread, Executor appends) {
        this.hub = hub;
        this.client = client;
        this.async = async;
        this.keys = keys;
        this.settings = settings;
        this.bounds = bounds;
        this.epochCandidates = epochCandidates;
        this.originHubs = originHubs;
        this.localPorts = localPorts;
        this.thread = thread;
        this.appends = appends;
        this.lease = new LeaderLease(sync, keys, settings.instanceId(), settings.lease());
        this.interest = new Interest(sync, keys, settings.instanceId(), settings.lease());
    }

    void start() {
        ticking = thread.scheduleWithFixedDelay(this::tick, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A port attached or left here: act now rather than at the next tick, so the first port does not wait for one. */
    void nudge() {
        thread.execute(this::tick);
    }

    /** Whether this instance holds the hub's lease now. */
    boolean isLeader() {
        return leader;
    }

    /** Why the last tick could not reach Redis; empty once a tick succeeded again. */
    Optional<String> problem() {
        return Optional.ofNullable(lastProblem);
    }

    private void tick() {
        if (closed) {
            return; // a nudge queued while closing
        }
        long now = System.nanoTime();
        try {
            if (localPorts.getAsInt() > 0) {
                interest.refresh();
                interested = true;
            } else if (interested) {
                interest.drop();
                interested = false;
            }
            if (token == null) {
                Optional<String> won = lease.tryAcquire();
                if (won.isPresent()) {
                    becomeLeader(won.get(), now);
                }
            } else if (lease.renew(token)) {
                renewedAtNanos = now;
            } else {
                stepDown("its lease was lost (it expired, or another instance holds it)");
            }
            if (token != null) {
                followInterest(interest.instances() > 0);
            }
            if (lastProblem != null) {
                log.info("hub '{}': Redis answers again", hub);
                lastProblem = null;
            }
        } catch (RuntimeException e) {
            String problem = e.getMessage();
            if (!String.valueOf(problem).equals(lastProblem)) {
                log.warn("hub '{}': cluster coordination through Redis failed: {}", hub, problem);
                lastProblem = String.valueOf(problem);
            }
            if (token != null && now - renewedAtNanos >= settings.lease().toNanos()) {
                stepDown("Redis could not be reached to renew its lease for " + settings.lease().toMillis() + "ms");
            }
        }
    }

    private void becomeLeader(String newToken, long now) {
        if (closed) {
            lease.release(newToken);
            return;
        }
        token = newToken;
        renewedAtNanos = now;
        leader = true;
        log.info("hub '{}': this instance ({}) leads the hub, token {}", hub, settings.instanceId(), newToken);
        origin = originHubs.get();
        consumer = new SendConsumer(client, keys, hub, this::originOpen, this::sendToOrigin);
    }

    private void followInterest(boolean wanted) {
        OriginRelayPort current = relay;
        if (current != null && (current.port() == null || current.port().ended().isPresent())) {
            relay = current = null; // it failed (a write to Redis failed); attach a fresh one
        }
        if (wanted && current == null) {
            OriginRelayPort port = new OriginRelayPort(new StreamAppender(async, keys, bounds, epochCandidates, appends), token, this);
            relay = port;
            port.attached(origin.attach(port, AttachOptions.live("cluster-relay " + settings.instanceId())));
        } else if (!wanted && current != null) {
            relay = null;
            Port handle = current.port();
            if (handle != null) {
                handle.end(EndReason.DISCONNECT, "no instance of the cluster has a port attached");
            }
        }
    }

    private boolean originOpen() {
        Hub current = origin;
        return relay != null && current != null && current.upstreamState() == UpstreamState.OPEN;
    }

    private CompletionStage<SendResult> sendToOrigin(Message message) {
        OriginRelayPort current = relay;
        Port handle = current == null ? null : current.port();
        if (handle == null) {
            return CompletableFuture.completedFuture(SendResult.rejected("no port holds the upstream open"));
        }
        return handle.send(message);
    }

    @Override
    public void fencedOut() {
        thread.execute(() -> {
            if (token != null) {
                stepDown("Redis refused its append: the lease is no longer its own");
            }
        });
    }

    private void stepDown(String why) {
        if (token == null) {
            return;
        }
        log.warn("hub '{}': this instance ({}) no longer leads the hub: {}", hub, settings.instanceId(), why);
        leader = false;
        String old = token;
        token = null;
        relay = null;
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
        if (origin != null) {
            origin.close();
            origin = null;
        }
        try {
            lease.release(old);
        } catch (RuntimeException e) {
            // It expires on its own.
        }
    }

    /** Stops: gives up the lease at once (so another instance takes over without waiting) and the interest. */
    void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                closed = true;
                if (ticking != null) {
                    ticking.cancel(false);
                }
                stepDown("the instance is shutting down");
                if (interested) {
                    interest.drop();
                }
            } catch (RuntimeException e) {
                log.debug("hub '{}': leaving the cluster cleanly failed: {}", hub, e.toString());
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("hub '{}': leaving the cluster did not finish within 5s", hub);
        }
    }
}
