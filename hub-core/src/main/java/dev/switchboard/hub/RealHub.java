package dev.switchboard.hub;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.HubListener;
import dev.switchboard.api.HubStats;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import dev.switchboard.api.Registration;
import dev.switchboard.api.SendResult;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.api.config.Durations;
import dev.switchboard.api.config.SlowPortPolicy;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.hub.time.Cancellable;
import dev.switchboard.hub.time.HubScheduler;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The hub. All of its state changes on one thread, its {@link HubScheduler}: attaching and
 * ending ports, upstream callbacks, timers. That single order is what makes a resume seamless
 * (a port's replay and its first live message cannot interleave) and keeps broadcast free of
 * locks. Only reads for monitoring ({@link #portCount()}, {@link #upstreamState()},
 * {@link #head()}) and the handles given to front ends are touched from other threads.
 */
final class RealHub implements Hub, UpstreamStateMachine.Events {

    private static final Logger log = LoggerFactory.getLogger(RealHub.class);

    private final HubSetup config;
    private final HubScheduler scheduler;
    private final boolean ownsScheduler;
    private String epoch;
    private final UpstreamStateMachine upstream;
    private final ReplayBuffer replay;
    private final PortList portList = new PortList();
    private final CopyOnWriteArrayList<HubListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong portIds = new AtomicLong();
    private final HubCounters counters = new HubCounters();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private long seq;
    private Cancellable heartbeat;
    private volatile Cursor head;
    private volatile boolean closed;
    /** Set by {@link #drain}: new ports are refused from then on. */
    private volatile boolean draining;

    RealHub(HubSetup config, TransportProvider provider, HubScheduler scheduler, RandomGenerator random, boolean ownsScheduler) {
        this(config, provider, scheduler, random, ownsScheduler, null);
    }

    /** A hub that continues a stream ordered outside it ({@link HubBuilder#continueStream}), or a fresh one when {@code start} is null. */
    RealHub(HubSetup config, TransportProvider provider, HubScheduler scheduler, RandomGenerator random, boolean ownsScheduler,
            StreamStart start) {
        this.config = config;
        this.scheduler = scheduler;
        this.ownsScheduler = ownsScheduler;
        this.epoch = start == null ? newEpoch(scheduler, random) : start.head().epoch();
        this.head = start == null ? new Cursor(epoch, 0) : start.head();
        this.seq = head.seq();
        this.replay = new ReplayBuffer(config.settings().replay(), config.settings().replayAge().toNanos());
        if (start != null) {
            long now = scheduler.nanoTime();
            start.held().forEach(m -> replay.add(m, m.cursor().orElseThrow().seq(), now));
        }
        this.upstream = new UpstreamStateMachine(config, provider, scheduler,
                new Backoff(config.settings().backoff(), random), this);
    }

    /** Unique per hub start: the start time in base 36 and random bits, so restarts never reuse one. */
    private static String newEpoch(HubScheduler scheduler, RandomGenerator random) {
        return Long.toString(scheduler.now().toEpochMilli(), 36) + Long.toString(random.nextLong(36L * 36 * 36 * 36), 36);
    }

    void start() {
        scheduler.execute(() -> {
            if (ownsScheduler) {
                // The thread is this hub's alone: every line it logs names the hub (MDC key "hub").
                MDC.put("hub", config.name());
            }
            upstream.demand(false);
            scheduleHeartbeat();
        });
        log.info("hub '{}' ready: upstream {}, epoch {}", config.name(), Redacted.uri(config.upstream().uri()), epoch);
    }

    // ---- Hub ----

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public URI upstream() {
        return config.upstream().uri();
    }

    @Override
    public Port attach(PortConnection connection, AttachOptions options) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(options, "options");
        String id = Long.toString(portIds.incrementAndGet(), 36);
        RealPort port = new RealPort(id, this, connection, options.remote(), config.settings().portQueue(), scheduler.nanoTime());
        if (closed || draining) {
            rejectNow(port, "hub '" + config.name() + "' is " + (closed ? "closed" : "shutting down"));
            return port;
        }
        scheduler.execute(() -> register(port, options));
        return port;
    }

    @Override
    public UpstreamState upstreamState() {
        return upstream.state();
    }

    @Override
    public int portCount() {
        return portList.count();
    }

    @Override
    public Cursor head() {
        return head;
    }

    @Override
    public HubStats stats() {
        long queued = 0;
        int deepest = 0;
        for (RealPort port : portList.snapshot()) {
            int size = port.outbox.size();
            queued += size;
            deepest = Math.max(deepest, size);
        }
        return counters.snapshot(queued, deepest, upstream.unwrittenBytes(), upstream.waitingSends());
    }

    @Override
    public CompletionStage<Void> drain(String detail) {
        if (draining || closed) {
            if (closed) {
                drained.complete(null);
            }
            return drained;
        }
        draining = true;
        scheduler.execute(() -> {
            RealPort[] ports = portList.snapshot();
            AtomicInteger left = new AtomicInteger(ports.length + 1);
            // Once the ports are written, the upstream writes what it took (sends acked `sent`) before the drain ends.
            Runnable oneFlushed = () -> {
                if (left.decrementAndGet() == 0) {
                    // May run on a port's writer thread: nothing buffered upstream ends the drain here and now.
                    if (upstream.unwrittenBytes() == 0) {
                        drained.complete(null);
                    } else {
                        scheduler.execute(() -> upstream.whenWritten(() -> drained.complete(null)));
                    }
                }
            };
            Downstream.Status notice = new Downstream.Status(upstream.state(), detail, true);
            for (RealPort port : ports) {
                port.outbox.offer(notice); // full queue: the notice is not queued, the mark still covers the rest
                port.outbox.whenFlushed(oneFlushed);
            }
            oneFlushed.run();
        });
        return drained;
    }

    @Override
    public Registration addListener(HubListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public Optional<Port> port(String id) {
        return portList.find(id).map(Port.class::cast);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        drained.complete(null);
        scheduler.execute(() -> {
            if (heartbeat != null) {
                heartbeat.cancel();
            }
            for (RealPort port : portList.snapshot()) {
                endHere(port, new PortEnd(EndReason.SHUTDOWN, "hub '" + config.name() + "' is shutting down"));
            }
            upstream.shutdown();
            log.info("hub '{}' closed", config.name());
            if (ownsScheduler) {
                scheduler.shutdown();
            }
        });
    }

    // ---- what ports call ----

    long nanoTime() {
        return scheduler.nanoTime();
    }

    CompletionStage<SendResult> sendUpstream(RealPort port, Message message) {
        Objects.requireNonNull(message, "message");
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        if (closed) {
            result.complete(SendResult.rejected("hub '" + config.name() + "' is closed"));
            return result;
        }
        scheduler.execute(() -> {
            SendResult outcome = port.ended().isPresent()
                    ? SendResult.rejected("port " + port.id() + " has ended")
                    : upstream.send(message);
            counters.send(outcome);
            result.complete(outcome);
        });
        return result;
    }

    HubCounters counters() {
        return counters;
    }

    /** A port's end was decided on another thread: free it on the hub thread. */
    void portEnded(RealPort port) {
        scheduler.execute(() -> teardown(port));
    }

    // ---- hub thread ----

    private void register(RealPort port, AttachOptions options) {
        if (port.ended().isPresent()) {
            // Ended before it was registered: the teardown its end posted follows this task.
            return;
        }
        if (closed || draining) {
            rejectNow(port, "hub '" + config.name() + "' is " + (closed ? "closed" : "shutting down"));
            return;
        }
        if (portList.size() >= config.settings().maxPorts()) {
            endHere(port, new PortEnd(EndReason.REJECTED,
                    "hub '" + config.name() + "' is full (" + config.settings().maxPorts() + " ports)"));
            return;
        }
        portList.add(port);
        Cursor current = head;
        port.outbox.offer(new Downstream.Welcome(port.id(), current, config.settings().portHeartbeat(), upstream.state()));
        options.since().ifPresent(since -> replayTo(port, since, current));
        emit(new HubEvent.PortAttached(config.name(), port.id(), port.remote, scheduler.now()));
        // Every attach, not only the first: an upstream that asked to stop, or kept refusing,
        // waits idle with ports attached, and a new port is what tries it again.
        upstream.demand(true);
    }

    private void replayTo(RealPort port, Cursor since, Cursor current) {
        if (!since.sameEpoch(current) || since.seq() > current.seq()) {
            port.outbox.offer(new Downstream.Gap(since, current.next(), Downstream.Gap.Cause.UNKNOWN_CURSOR));
            counters.gap(Downstream.Gap.Cause.UNKNOWN_CURSOR);
            return;
        }
        long oldest = replay.oldestSeq(current.seq() + 1, scheduler.nanoTime());
        if (since.seq() + 1 < oldest) {
            port.outbox.offer(new Downstream.Gap(since, new Cursor(epoch, oldest), Downstream.Gap.Cause.EXPIRED));
            counters.gap(Downstream.Gap.Cause.EXPIRED);
        } else {
            counters.resumesServed.increment();
        }
        replay.forEachAfter(since.seq(), message -> {
            port.outbox.offer(new Downstream.Data(message));
            counters.messagesReplayed.increment();
        });
    }

    /** Ends a port on the hub thread: the decision and the teardown in one task, nothing re-posted. */
    private void endHere(RealPort port, PortEnd end) {
        if (port.decide(end)) {
            teardown(port);
        }
    }

    /**
     * Frees everything the hub holds for an ended port, closes its connection with the end's
     * close code (unless the connection closed first), and tells listeners. Runs once per port:
     * only the call that decided the end leads here.
     */
    private void teardown(RealPort port) {
        PortEnd end = port.ended().orElseThrow();
        boolean wasMember = portList.remove(port);
        if (end.reason() != EndReason.CLOSED) {
            closeConnection(port, end);
        }
        try (MDC.MDCCloseable ignored = MDC.putCloseable("port", port.id())) {
            // Ends an operator acts on (a dead client, a slow one, a failure) at INFO; the ordinary ones,
            // and refusals a hostile client could repeat at will, at DEBUG: they are counted in the metrics.
            if (endsWorthALine(end.reason())) {
                log.info("hub '{}': port {} ended: {} {}", config.name(), port.id(), end.reason(), end.detail());
            } else {
                log.debug("hub '{}': port {} ended: {} {}", config.name(), port.id(), end.reason(), end.detail());
            }
        }
        emit(new HubEvent.PortEnded(config.name(), port.id(), end, scheduler.now()));
        if (wasMember && portList.size() == 0) {
            upstream.demand(false);
        }
    }

    private static boolean endsWorthALine(EndReason reason) {
        return reason == EndReason.TIMEOUT || reason == EndReason.SLOW || reason == EndReason.ERROR;
    }

    /** Refuses a port on the caller's thread: the hub is closed, so it never reaches the hub thread. */
    private void rejectNow(RealPort port, String why) {
        if (port.decide(new PortEnd(EndReason.REJECTED, why))) {
            closeConnection(port, port.ended().orElseThrow());
        }
    }

    private static void closeConnection(RealPort port, PortEnd end) {
        try {
            port.connection.close(end);
        } catch (RuntimeException e) {
            log.warn("port connection {} threw from close()", port.connection.getClass().getName(), e);
        }
    }

    @Override
    public void message(Message message) {
        Message stamped;
        Cursor cursor;
        if (message.cursor().isPresent()) {
            // A cursor assigned outside the hub (a cluster's shared stream): take it, not ours.
            cursor = message.cursor().get();
            if (cursor.epoch().equals(epoch) && cursor.seq() <= seq) {
                return; // delivered already: a source that re-reads after a reconnect
            }
            if (!cursor.epoch().equals(epoch) || cursor.seq() != seq + 1) {
                streamBroke(cursor);
            }
            seq = cursor.seq();
            stamped = message;
        } else {
            cursor = new Cursor(epoch, ++seq);
            stamped = message.withCursor(cursor);
        }
        head = cursor;
        counters.messagesReceived.increment();
        counters.bytesReceived.add(message.size());
        replay.add(stamped, cursor.seq(), scheduler.nanoTime());
        Downstream.Data item = new Downstream.Data(stamped);
        // Backwards: a slow port ended here leaves the list at once, and the port moved into its
        // place has already been offered the message.
        for (int i = portList.size() - 1; i >= 0; i--) {
            offer(portList.get(i), item);
        }
        // One batch per broadcast: the front end starts the writes of all ports together.
        for (int i = portList.size() - 1; i >= 0; i--) {
            portList.get(i).outbox.flushHeld();
        }
    }

    /**
     * The outside stream skipped messages (trimmed before this instance read them) or started
     * over (a new epoch): every port is told with a gap, and the replay restarts, since it only
     * holds consecutive messages.
     */
    private void streamBroke(Cursor next) {
        Downstream.Gap gap = new Downstream.Gap(head, next,
                next.epoch().equals(epoch) ? Downstream.Gap.Cause.EXPIRED : Downstream.Gap.Cause.UNKNOWN_CURSOR);
        log.warn("hub '{}': the shared stream went from {} to {}; ports are told of the gap", config.name(), head, next);
        epoch = next.epoch();
        replay.clear();
        for (RealPort port : portList.snapshot()) {
            if (!port.outbox.offer(gap)) {
                port.end(EndReason.SLOW, "the client reads too slowly: " + config.settings().portQueue()
                        + " items were waiting in its queue");
            }
        }
    }

    private void offer(RealPort port, Downstream.Data item) {
        if (port.outbox.offerHeld(item)) {
            return;
        }
        if (config.settings().slowPolicy() == SlowPortPolicy.DROP_OLDEST) {
            // The port's last cursor is just before the first item dropped: a message's predecessor,
            // or the "after" of a gap still waiting (earlier overflows merge into this one).
            Downstream firstDropped = port.outbox.dropBacklog();
            counters.backlogsDropped.increment();
            Cursor next = item.message().cursor().orElseThrow();
            Cursor after;
            if (firstDropped instanceof Downstream.Gap gap) {
                after = gap.after();
            } else if (firstDropped instanceof Downstream.Data data) {
                after = new Cursor(epoch, data.message().cursor().orElseThrow().seq() - 1);
            } else {
                after = new Cursor(epoch, next.seq() - 1);
            }
            if (port.outbox.offer(new Downstream.Gap(after, next, Downstream.Gap.Cause.OVERFLOW)) && port.outbox.offer(item)) {
                counters.gap(Downstream.Gap.Cause.OVERFLOW);
                return;
            }
        }
        endHere(port, tooSlow());
    }

    private PortEnd tooSlow() {
        return new PortEnd(EndReason.SLOW, "the client reads too slowly: " + config.settings().portQueue()
                + " items were waiting in its queue");
    }

    @Override
    public void stateChanged(UpstreamState from, UpstreamState to, String detail) {
        log.info("hub '{}': upstream {} -> {}: {}", config.name(), from, to, detail);
        Downstream.Status status = new Downstream.Status(to, detail);
        for (RealPort port : portList.snapshot()) {
            if (!port.outbox.offer(status)) {
                endHere(port, tooSlow());
            }
        }
        emit(new HubEvent.UpstreamStateChanged(config.name(), from, to, detail, scheduler.now()));
    }

    @Override
    public void sentUpstream(Message message) {
        counters.messagesSent.increment();
        counters.bytesSent.add(message.size());
    }

    @Override
    public void retryScheduled(int attempt, Duration delay, String cause) {
        log.warn("hub '{}': {}; retry {} in {}", config.name(), cause, attempt, Durations.format(delay));
        emit(new HubEvent.UpstreamRetryScheduled(config.name(), attempt, delay, cause, scheduler.now()));
    }

    private void scheduleHeartbeat() {
        heartbeat = scheduler.schedule(config.settings().portHeartbeat(), this::heartbeatTick);
    }

    /** Probes every port and ends those silent past the deadline; a half-open connection is only caught here. */
    private void heartbeatTick() {
        if (closed) {
            return;
        }
        long now = scheduler.nanoTime();
        long deadline = config.settings().portTimeout().toNanos();
        for (RealPort port : portList.snapshot()) {
            long silent = now - port.lastHeardNanos();
            if (silent > deadline) {
                endHere(port, new PortEnd(EndReason.TIMEOUT, "nothing heard from the client for "
                        + Durations.format(Duration.ofNanos(silent)) + " (deadline " + Durations.format(config.settings().portTimeout()) + ")"));
                continue;
            }
            try {
                port.connection.ping();
            } catch (RuntimeException e) {
                endHere(port, new PortEnd(EndReason.ERROR, "pinging the client failed: " + e));
            }
        }
        scheduleHeartbeat();
    }

    private void emit(HubEvent event) {
        for (HubListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("hub '{}': listener {} threw on {}; it keeps receiving events",
                        config.name(), listener.getClass().getName(), event, e);
            }
        }
    }
}
