package dev.switchboard.hub;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.api.config.Durations;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRefusedException;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.hub.time.Cancellable;
import dev.switchboard.hub.time.HubScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a hub's one upstream connection: {@code IDLE → CONNECTING → OPEN → LINGERING →
 * IDLE}, with {@code BACKOFF} between failed attempts. Hub thread only: transport callbacks
 * are posted to the hub's scheduler, tagged with the attempt they belong to, so a late callback
 * from an abandoned connection is recognised and ignored.
 */
final class UpstreamStateMachine {

    /** What the state machine tells the hub. Called on the hub thread. */
    interface Events {
        void stateChanged(UpstreamState from, UpstreamState to, String detail);

        void retryScheduled(int attempt, Duration delay, String cause);

        void message(Message message);

        /** The upstream connection took {@code message} (a port's send, or an on-connect message). */
        void sentUpstream(Message message);
    }

    private static final Logger log = LoggerFactory.getLogger(UpstreamStateMachine.class);

    /** An upstream's retry advice is honoured up to this; beyond it a typo in an origin would park the hub for years. */
    static final Duration MAX_RETRY_ADVICE = Duration.ofHours(1);

    /**
     * After the hub closes its connection, how long the transport has to finish its goodbye (a
     * close handshake behind a full write queue may never finish) before the hub cancels it,
     * which drops the socket: no connection outlives the state that wanted it.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    /** How often a drain looks whether the connection has written what it took; transports give no callback for it. */
    static final Duration WRITE_POLL = Duration.ofMillis(10);

    private final HubSetup config;
    private final TransportProvider provider;
    private final HubScheduler scheduler;
    private final Backoff backoff;
    private final Events events;
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    // Connections the hub closed and whose final callback has not come yet, by attempt: each
    // with the timer that cancels it at the end of CLOSE_GRACE.
    private final Map<Long, Cancellable> closing = new HashMap<>();

    // Written on the hub thread only; volatile so that Hub.upstreamState() reads it from any thread.
    private volatile UpstreamState state = UpstreamState.IDLE;
    // Volatile so that Hub.stats() can read what it buffers from any thread; written on the hub thread only.
    private volatile UpstreamConnection connection;
    private volatile int pendingCount;
    private long attemptId;
    private Cancellable timer;
    // The upstream-drain-timeout deadline, set by the first send refused for a full buffer.
    private Cancellable drainTimer;
    private long drainBufferedAtStart;
    private long drainLowestSeen;
    private long openedAtNanos;
    private boolean wanted;
    private boolean shutDown;
    private String lastEventId;
    private Duration retryAdvice;
    private int refusalsInARow;

    UpstreamStateMachine(HubSetup config, TransportProvider provider, HubScheduler scheduler, Backoff backoff, Events events) {
        this.config = config;
        this.provider = provider;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.events = events;
    }

    UpstreamState state() {
        return state;
    }

    /** Bytes the open connection took and has not written yet; 0 with no open connection. Any thread. */
    long unwrittenBytes() {
        UpstreamConnection open = connection;
        UpstreamState now = state;
        return open == null || (now != UpstreamState.OPEN && now != UpstreamState.LINGERING) ? 0 : Math.max(0, bufferedSafely(open));
    }

    /** Port sends waiting for the upstream to reconnect. Any thread. */
    int waitingSends() {
        return pendingCount;
    }

    /**
     * Runs {@code done} on the hub thread once the connection has written everything it took, or
     * has no open connection (sends waiting for a reconnect are not waited for), or the hub shut
     * down. Looks every {@link #WRITE_POLL} and wants two empty looks in a row, so that a frame
     * between a transport's queue and its socket write is not taken for nothing; the caller
     * bounds the wait.
     */
    void whenWritten(Runnable done) {
        whenWritten(done, 0);
    }

    private void whenWritten(Runnable done, int emptyLooks) {
        int empty = unwrittenBytes() == 0 ? emptyLooks + 1 : 0;
        if (shutDown || empty >= 2) {
            done.run();
            return;
        }
        scheduler.schedule(WRITE_POLL, () -> whenWritten(done, empty));
    }

    /** Whether a connection is wanted: ports are attached, or the hub is eager. */
    void demand(boolean portsAttached) {
        if (shutDown) {
            return;
        }
        wanted = portsAttached || config.settings().eager();
        switch (state) {
            case IDLE -> {
                if (wanted) {
                    connect();
                }
            }
            case LINGERING -> {
                if (wanted) {
                    cancelTimer();
                    transition(UpstreamState.OPEN, "a port attached");
                }
            }
            case OPEN -> {
                if (!wanted) {
                    linger();
                }
            }
            case BACKOFF -> {
                if (!wanted) {
                    cancelTimer();
                    dropPending("every port left before the upstream reconnected");
                    transition(UpstreamState.IDLE, "no port is attached; not reconnecting");
                }
            }
            case CONNECTING -> {
                // Decided when the attempt ends: an open connection with no port lingers.
            }
        }
    }

    /** A port's message toward the upstream. */
    SendResult send(Message message) {
        if (shutDown) {
            return SendResult.rejected("hub '" + config.name() + "' is closed");
        }
        if (state == UpstreamState.OPEN || state == UpstreamState.LINGERING) {
            long buffered = bufferedSafely(connection);
            if (drainTimer != null) {
                drainLowestSeen = Math.min(drainLowestSeen, buffered);
            }
            if (!fits(buffered, message)) {
                startDrainDeadline(buffered);
                return SendResult.rejected("the upstream is not reading: " + buffered + " bytes wait to be written to it"
                        + " and this message of " + message.size() + " bytes would pass upstream-buffer ("
                        + config.settings().upstreamBuffer() + " bytes); retry later");
            }
            return sendSafely(connection, message)
                    ? SendResult.sent()
                    : SendResult.rejected("the upstream connection did not take the message (it is receive-only, or its send buffer is full)");
        }
        if (pending.size() >= config.settings().upstreamQueue()) {
            return SendResult.rejected("upstream send queue is full (" + config.settings().upstreamQueue()
                    + " messages wait for the upstream to reconnect); retry after it reconnects");
        }
        pending.add(message);
        pendingCount = pending.size();
        return SendResult.queued("the upstream is " + state + "; the message is sent after it reconnects");
    }

    /** Closes the connection for good; the hub is shutting down. */
    void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        wanted = false;
        cancelTimer();
        closeConnection();
        dropPending("the hub closed");
        transition(UpstreamState.IDLE, "hub closed");
    }

    private void connect() {
        long attempt = ++attemptId;
        transition(UpstreamState.CONNECTING, "connecting to " + Redacted.uri(config.upstream().uri()));
        UpstreamRequest request = lastEventId == null
                ? config.upstream()
                : config.upstream().toBuilder().lastEventId(lastEventId).build();
        // A transport that never answers must not wedge the hub in CONNECTING.
        Duration guard = config.upstream().connectTimeout().multipliedBy(2).plusSeconds(1);
        timer = scheduler.schedule(guard, () -> {
            if (attempt == attemptId && state == UpstreamState.CONNECTING) {
                UpstreamConnection stuck = connection;
                connection = null;
                attemptId++;
                if (stuck != null) {
                    stuck.cancel();
                }
                ended("transport " + provider.name() + " gave no answer within " + Durations.format(guard), false);
            }
        });
        try {
            connection = provider.connect(request, new Listener(attempt));
        } catch (RuntimeException e) {
            log.error("transport {} threw from connect(); treating it as a failed attempt", provider.getClass().getName(), e);
            if (attempt == attemptId) {
                attemptId++;
                ended("transport " + provider.getClass().getName() + " failed: " + e, false);
            }
        }
    }

    private void opened(long attempt, UpstreamConnection opened) {
        if (attempt != attemptId) {
            opened.cancel();
            return;
        }
        cancelTimer();
        connection = opened;
        refusalsInARow = 0;
        openedAtNanos = scheduler.nanoTime();
        transition(UpstreamState.OPEN, "connected to " + Redacted.uri(config.upstream().uri()));
        for (Message message : config.settings().onConnect()) {
            if (!sendSafely(opened, message)) {
                log.warn("hub '{}': the upstream did not take on-connect message {}", config.name(), message);
            }
        }
        int flushed = 0;
        while (!pending.isEmpty()) {
            Message message = pending.poll();
            pendingCount = pending.size();
            if (fits(bufferedSafely(opened), message) && sendSafely(opened, message)) {
                flushed++;
            } else {
                log.warn("hub '{}': the upstream did not take a queued port message {}; it is lost", config.name(), message);
            }
        }
        if (flushed > 0) {
            log.info("hub '{}': sent {} queued port messages after reconnecting", config.name(), flushed);
        }
        if (!wanted) {
            linger();
        }
    }

    private void received(long attempt, Message message) {
        if (attempt != attemptId) {
            return;
        }
        message.eventId().ifPresent(id -> lastEventId = id);
        events.message(message);
    }

    private void advised(long attempt, Duration delay) {
        if (attempt != attemptId || delay == null || delay.isNegative()) {
            return;
        }
        if (delay.compareTo(MAX_RETRY_ADVICE) > 0) {
            log.warn("hub '{}': the upstream advised waiting {} before reconnecting; waiting at most {}",
                    config.name(), delay, Durations.format(MAX_RETRY_ADVICE));
            delay = MAX_RETRY_ADVICE;
        }
        retryAdvice = delay;
    }

    /** A failure; a refusal counts toward the bound after which the hub stops asking. */
    private void refused(long attempt, boolean refused, String detail) {
        if (attempt != attemptId) {
            return;
        }
        refusalsInARow = refused ? refusalsInARow + 1 : 0;
        if (refused && refusalsInARow >= config.settings().maxRefusals()) {
            refusalsInARow = 0;
            finished(attempt, detail + "; refused " + config.settings().maxRefusals() + " times in a row", true);
            return;
        }
        finished(attempt, detail, false);
    }

    private void finished(long attempt, String detail, boolean stop) {
        if (attempt != attemptId) {
            return;
        }
        connection = null;
        attemptId++;
        ended(detail, stop);
    }

    /** The current attempt or connection is over; decide whether and when to try again. */
    private void ended(String detail, boolean stop) {
        cancelTimer();
        cancelDrainDeadline();
        boolean wasOpen = state == UpstreamState.OPEN || state == UpstreamState.LINGERING;
        Duration openFor = wasOpen ? Duration.ofNanos(scheduler.nanoTime() - openedAtNanos) : Duration.ZERO;
        if (stop) {
            transition(UpstreamState.IDLE, detail + "; not reconnecting until another port attaches");
            return;
        }
        if (!wanted || state == UpstreamState.LINGERING) {
            transition(UpstreamState.IDLE, detail);
            return;
        }
        Duration delay = backoff.nextDelay(openFor);
        if (retryAdvice != null && retryAdvice.compareTo(delay) > 0) {
            delay = retryAdvice;
        }
        int attempt = backoff.attempt();
        transition(UpstreamState.BACKOFF, detail + "; retry " + attempt + " in " + Durations.format(delay));
        events.retryScheduled(attempt, delay, detail);
        timer = scheduler.schedule(delay, () -> {
            if (state == UpstreamState.BACKOFF) {
                timer = null;
                connect();
            }
        });
    }

    private void linger() {
        if (config.settings().linger().isZero()) {
            closeConnection();
            transition(UpstreamState.IDLE, "no port is attached");
            return;
        }
        transition(UpstreamState.LINGERING, "no port is attached; closing in " + Durations.format(config.settings().linger()));
        timer = scheduler.schedule(config.settings().linger(), () -> {
            if (state == UpstreamState.LINGERING) {
                timer = null;
                closeConnection();
                transition(UpstreamState.IDLE, "linger of " + Durations.format(config.settings().linger()) + " ended with no port attached");
            }
        });
    }

    private void closeConnection() {
        UpstreamConnection open = connection;
        long closedAttempt = attemptId;
        connection = null;
        attemptId++; // its final callback only ends the grace below now
        cancelDrainDeadline();
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                log.warn("transport {} threw from close()", provider.getClass().getName(), e);
            }
            // A close that has not finished by then (no final callback) is cancelled, which drops the socket.
            closing.put(closedAttempt, scheduler.schedule(CLOSE_GRACE, () -> {
                if (closing.remove(closedAttempt) != null) {
                    log.warn("hub '{}': the upstream connection did not finish closing within {}; cancelling it",
                            config.name(), Durations.format(CLOSE_GRACE));
                    cancelSafely(open);
                }
            }));
        }
    }

    /** The final callback of {@code attempt} came: if the hub was closing it, its grace is over. */
    private void closeFinished(long attempt) {
        Cancellable grace = closing.remove(attempt);
        if (grace != null) {
            grace.cancel();
        }
    }

    /**
     * Whether the connection may take {@code message} now: what it holds plus the message stays
     * within upstream-buffer. An empty buffer takes any one message, so that a bound smaller
     * than the largest message cannot refuse that message for ever.
     */
    private boolean fits(long buffered, Message message) {
        return buffered <= 0 || buffered + message.size() <= config.settings().upstreamBuffer();
    }

    /** The first refusal for a full buffer starts the deadline; further ones leave it running. */
    private void startDrainDeadline(long buffered) {
        if (drainTimer != null) {
            return;
        }
        long attempt = attemptId;
        drainBufferedAtStart = buffered;
        drainLowestSeen = buffered;
        drainTimer = scheduler.schedule(config.settings().upstreamDrainTimeout(), () -> drainDeadline(attempt));
    }

    /**
     * The deadline passed: an upstream that took some of its buffer (the count went down at a
     * send or now) is slow, and the next refusal starts a new deadline; one that took nothing is
     * dead, and goes the way of a failed connection (backoff and reconnect, or idle).
     */
    private void drainDeadline(long attempt) {
        drainTimer = null;
        if (attempt != attemptId || connection == null
                || (state != UpstreamState.OPEN && state != UpstreamState.LINGERING)) {
            return;
        }
        long buffered = bufferedSafely(connection);
        if (Math.min(drainLowestSeen, buffered) < drainBufferedAtStart) {
            return;
        }
        UpstreamConnection dead = connection;
        connection = null;
        attemptId++;
        cancelSafely(dead);
        log.warn("hub '{}': the upstream took none of the {} bytes buffered for it in {}; dropping the connection",
                config.name(), buffered, Durations.format(config.settings().upstreamDrainTimeout()));
        ended("the upstream read nothing for " + Durations.format(config.settings().upstreamDrainTimeout())
                + " with " + buffered + " bytes waiting (upstream-drain-timeout)", false);
    }

    private void cancelDrainDeadline() {
        if (drainTimer != null) {
            drainTimer.cancel();
            drainTimer = null;
        }
    }

    /** A plugin whose bufferedBytes() throws counts as holding nothing, and is logged. */
    private long bufferedSafely(UpstreamConnection target) {
        try {
            return target.bufferedBytes();
        } catch (RuntimeException e) {
            log.error("hub '{}': transport {} threw from bufferedBytes(); counting 0", config.name(),
                    target.getClass().getName(), e);
            return 0;
        }
    }

    private void cancelSafely(UpstreamConnection target) {
        try {
            target.cancel();
        } catch (RuntimeException e) {
            log.warn("transport {} threw from cancel()", provider.getClass().getName(), e);
        }
    }

    /** A plugin whose send() throws must not break the hub: log it by class name and count the message as not taken. */
    private boolean sendSafely(UpstreamConnection target, Message message) {
        try {
            boolean taken = target.send(message);
            if (taken) {
                events.sentUpstream(message);
            }
            return taken;
        } catch (RuntimeException e) {
            log.error("hub '{}': transport {} threw from send(); the message was not sent", config.name(),
                    target.getClass().getName(), e);
            return false;
        }
    }

    private void dropPending(String why) {
        if (!pending.isEmpty()) {
            log.warn("hub '{}': discarding {} queued port messages: {}", config.name(), pending.size(), why);
            pending.clear();
            pendingCount = 0;
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void transition(UpstreamState to, String detail) {
        UpstreamState from = state;
        if (from == to) {
            return;
        }
        state = to;
        events.stateChanged(from, to, detail);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Carries one attempt's callbacks onto the hub thread. */
    private final class Listener implements UpstreamListener {
        private final long attempt;

        Listener(long attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(UpstreamConnection c) {
            scheduler.execute(() -> opened(attempt, c));
        }

        @Override
        public void onMessage(UpstreamConnection c, Message message) {
            scheduler.execute(() -> received(attempt, message));
        }

        @Override
        public void onRetryAdvice(UpstreamConnection c, Duration delay) {
            scheduler.execute(() -> advised(attempt, delay));
        }

        @Override
        public void onClosed(UpstreamConnection c, int code, String reason) {
            String detail = "upstream closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")";
            scheduler.execute(() -> {
                closeFinished(attempt);
                finished(attempt, detail, code == UpstreamListener.STOP);
            });
        }

        @Override
        public void onFailure(UpstreamConnection c, Throwable cause) {
            boolean refused = cause instanceof UpstreamRefusedException;
            scheduler.execute(() -> {
                closeFinished(attempt);
                refused(attempt, refused, "upstream failed: " + describe(cause));
            });
        }
    }
}
