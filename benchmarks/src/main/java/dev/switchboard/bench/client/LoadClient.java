package dev.switchboard.bench.client;

import dev.switchboard.bench.common.ProcStats;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Holds up to tens of thousands of WebSocket connections on a few threads (opened by a
 * {@link Dialer}: plain NIO by default, or the JDK's WebSocket) and keeps the books of each run:
 * which frames arrived where, when, and what the client's own CPU cost. Nothing blocks per
 * connection, and there is never a thread per connection.
 */
final class LoadClient {

    private final Dialer dialer;
    private final List<Connection> connections = new ArrayList<>();
    private final Queue<ThreadStats> allStats = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ThreadStats> stats = ThreadLocal.withInitial(() -> {
        ThreadStats s = new ThreadStats();
        allStats.add(s);
        return s;
    });
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong stray = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>("none");
    private volatile Run current;

    LoadClient(Dialer dialer) {
        this.dialer = dialer;
    }

    // ---- commands (one control thread) ----

    /** Opens {@code n} more connections, at most {@code inFlight} handshakes at a time. */
    ConnectResult connect(URI uri, int n, int inFlight, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch finished = new CountDownLatch(n);
        AtomicInteger failed = new AtomicInteger();
        List<Connection> opened = new ArrayList<>(n);
        int started = 0;
        for (; started < n; started++) {
            if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            dialer.open(uri, this)
                    .whenComplete((connection, error) -> {
                        permits.release();
                        if (error != null) {
                            failed.incrementAndGet();
                            noteError(error);
                        } else {
                            synchronized (opened) {
                                opened.add(connection);
                            }
                        }
                        finished.countDown();
                    });
        }
        boolean all = started == n && finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        synchronized (opened) {
            connections.addAll(opened);
            return new ConnectResult(opened.size(), failed.get(), n - opened.size() - failed.get(), all,
                    System.nanoTime() - start);
        }
    }

    record ConnectResult(int opened, int failed, int unfinished, boolean complete, long nanos) {
    }

    int openConnections() {
        int open = 0;
        for (Connection c : connections) {
            if (c.isOpen()) {
                open++;
            }
        }
        return open;
    }

    /** Starts a run: from now on frames of run {@code id} are counted on the currently open connections. */
    void expect(int id, int count) {
        if (current != null) {
            throw new IllegalStateException("run " + current.id + " is still active: finish it first");
        }
        List<Connection> members = new ArrayList<>();
        for (Connection c : connections) {
            if (c.isOpen()) {
                c.memberOfRun = id;
                members.add(c);
            }
        }
        // Written last: the volatile write publishes the run to the receiving threads.
        current = new Run(id, count, members, ProcStats.selfCpuNanos(), System.nanoTime());
    }

    /** Waits until every member has every frame (or closed) or the timeout passes, then merges the run. */
    RunReport finish(int id, Duration timeout) throws InterruptedException {
        Run run = current;
        if (run == null || run.id != id) {
            throw new IllegalStateException("run " + id + " is not active");
        }
        boolean complete = run.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        long wall = System.nanoTime() - run.wallStart;
        long cpu = ProcStats.selfCpuNanos() - run.cpuStart;
        current = null;
        // After the flip no receiving thread is inside a write for this run, and none will start one.
        for (ThreadStats s : allStats) {
            s.phaser.readerLock();
            try {
                s.phaser.flipPhase();
            } finally {
                s.phaser.readerUnlock();
            }
        }
        return merge(run, complete, wall, cpu);
    }

    private RunReport merge(Run run, boolean complete, long wall, long cpu) {
        Histogram latency = new Histogram(ThreadStats.HIGHEST_MICROS, 3);
        long[] maxLatency = new long[run.count + 1];
        java.util.Arrays.fill(maxLatency, Long.MIN_VALUE);
        int[] arrivals = new int[run.count + 1];
        long deliveries = 0;
        long firstScheduled = Long.MAX_VALUE;
        long lastArrival = Long.MIN_VALUE;
        for (ThreadStats s : allStats) {
            if (s.run != run.id) {
                continue;
            }
            latency.add(s.latency);
            deliveries += s.deliveries;
            firstScheduled = Math.min(firstScheduled, s.firstScheduled);
            lastArrival = Math.max(lastArrival, s.lastArrival);
            for (int i = 1; i <= run.count; i++) {
                maxLatency[i] = Math.max(maxLatency[i], s.maxLatency[i]);
                arrivals[i] += s.arrivals[i];
            }
        }
        Histogram lastPort = new Histogram(ThreadStats.HIGHEST_MICROS, 3);
        long incomplete = 0;
        for (int i = 1; i <= run.count; i++) {
            if (arrivals[i] >= run.members.size() && run.members.size() > 0) {
                lastPort.recordValue(Math.min(ThreadStats.HIGHEST_MICROS, Math.max(0, maxLatency[i] / 1000)));
            } else {
                incomplete++;
            }
        }
        long distinct = 0;
        long lost = 0;
        long late = 0;
        long duplicates = 0;
        long reordered = 0;
        for (Connection c : run.members) {
            SeqTracker t = c.tracker;
            if (t.run == run.id) {
                distinct += t.distinct;
                lost += t.highest - t.distinct;
                late += run.count - t.highest;
                duplicates += t.duplicates;
                reordered += t.reordered;
            } else {
                late += run.count;
            }
        }
        return new RunReport(run.id, run.members.size(), run.count, complete, distinct, deliveries, lost, late, duplicates,
                reordered, run.closedDuring.get(), latency, lastPort, incomplete, firstScheduled, lastArrival, cpu, wall,
                malformed.get(), stray.get(), lastError.get());
    }

    /**
     * Drops every connection and waits until each has reported its end. Teardown aborts the TCP
     * connection rather than running the close handshake: the server sees the connection end
     * either way, and at 10,000 connections the handshake costs seconds of a shared machine
     * between runs without measuring anything.
     */
    CloseResult closeAll(Duration timeout) {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        int aborted = 0;
        for (Connection c : connections) {
            if (c.started() && c.isOpen()) {
                c.abort();
                aborted++;
                waits.add(c.closed);
            }
        }
        try {
            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // abort() is final on our side; a listener that never heard of it changes nothing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int n = connections.size();
        connections.clear();
        return new CloseResult(n, aborted, System.nanoTime() - start);
    }

    record CloseResult(int closed, int aborted, long nanos) {
    }

    void shutdown() {
        dialer.close();
    }

    // ---- receiving threads ----

    /** One whole frame arrived. */
    void received(Connection connection, int runId, long seq, long scheduled, long now) {
        ThreadStats s = stats.get();
        long ticket = s.phaser.writerCriticalSectionEnter();
        try {
            Run run = current;
            if (run == null || run.id != runId) {
                stray.incrementAndGet(); // a warm-up straggler or a frame after the deadline
                return;
            }
            if (s.run != run.id) {
                s.prepare(run.id, run.count);
            }
            SeqTracker t = connection.tracker;
            if (t.run != run.id) {
                t.reset(run.id);
            }
            if (t.accept(seq)) {
                s.record(seq, scheduled, now, run.count);
                if (t.distinct == run.count && !t.finished) {
                    t.finished = true;
                    run.done.countDown();
                }
            }
        } finally {
            s.phaser.writerCriticalSectionExit(ticket);
        }
    }

    /** A connection closed: a run waiting on it must not wait for the deadline. */
    void closedDuringRun(Connection connection) {
        ThreadStats s = stats.get();
        long ticket = s.phaser.writerCriticalSectionEnter();
        try {
            Run run = current;
            if (run == null || connection.memberOfRun != run.id) {
                return;
            }
            SeqTracker t = connection.tracker;
            if (t.run != run.id) {
                t.reset(run.id);
            }
            if (!t.finished) {
                t.finished = true;
                run.closedDuring.incrementAndGet();
                run.done.countDown();
            }
        } finally {
            s.phaser.writerCriticalSectionExit(ticket);
        }
    }

    void malformed() {
        malformed.incrementAndGet();
    }

    void noteError(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastError.set(String.valueOf(root).replaceAll("\\s+", "_"));
    }
}
