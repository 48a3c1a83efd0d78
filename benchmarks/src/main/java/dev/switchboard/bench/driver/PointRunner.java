package dev.switchboard.bench.driver;

import dev.switchboard.bench.common.ProcStats;
import dev.switchboard.bench.common.Props;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one set-up at one point: connect N clients, wait until the server has attached them all
 * (the packaged server attaches asynchronously, after the handshake), warm up at the point's
 * rate, measure, close. CPU time of the server and the origin is read from /proc around the
 * measured run.
 */
final class PointRunner {

    private final Lab lab;
    private final Duration warmup;
    private final Duration measure;
    private final Duration drain;
    private int nextRun = 1;
    private Path jfrDir;
    private final Map<Setup, List<Path>> recordings = new EnumMap<>(Setup.class);

    PointRunner(Lab lab, Duration warmup, Duration measure, Duration drain) {
        this.lab = lab;
        this.warmup = warmup;
        this.measure = measure;
        this.drain = drain;
    }

    /**
     * Records the hub and the ceiling with Flight Recorder during each measured run only (not
     * while clients connect or warm up), so the profile shows the broadcast path.
     */
    PointRunner profileInto(Path dir) {
        this.jfrDir = dir;
        return this;
    }

    /** The recordings made so far, per set-up. */
    Map<Setup, List<Path>> recordings() {
        return recordings;
    }

    RunResult run(Setup setup, Point point) {
        Lab.Target target = lab.target(setup);
        try {
            connect(target, point.ports());
            int warmCount = (int) Math.min(point.rate() * warmup.toMillis() / 1000, 1_000_000);
            if (warmCount > 0) {
                measured(target, point, warmCount, false); // not reported: JIT, buffers, connection state
            }
            int count = (int) Math.max(1, point.rate() * measure.toMillis() / 1000);
            return measured(target, point, count, jfrDir != null && setup != Setup.DIRECT);
        } catch (BenchException e) {
            return RunResult.failed(setup, point, e.getMessage().lines().findFirst().orElse("failed"));
        } finally {
            disconnect(target);
        }
    }

    /** Opens {@code n} client connections to the target and waits until its server has attached them all. */
    void connect(Lab.Target target, int n) {
        long start = System.nanoTime();
        int before = Math.max(0, target.ports());
        List<URI> urls = target.clientUrls();
        for (int i = 0; i < urls.size(); i++) {
            int share = share(n, urls.size(), i);
            if (share == 0) {
                continue;
            }
            Props r = lab.client.request("connect url=" + urls.get(i) + " n=" + share + " inFlight=200 timeoutMs=120000",
                    Duration.ofSeconds(150));
            if (r.num("opened") != share) {
                throw new BenchException(String.format("only %d of %d connections to %s opened (%d failed); last error: %s",
                        r.num("opened"), share, urls.get(i), r.num("failed"), lab.client.request("open", Duration.ofSeconds(10))));
            }
        }
        int want = before + n;
        long t0 = System.nanoTime();
        Waits.until(Duration.ofSeconds(60), want + " ports attached to " + target.setup().label + " with its upstream open",
                () -> target.ports() >= want && target.upstreamOpen());
        if (n >= 1000) {
            System.out.printf("    %s: %,d connections opened in %,d ms, attached %,d ms later%n", target.setup().label, n,
                    (t0 - start) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Connection {@code i}'s share of {@code n} split over {@code k} servers: even, the first ones take the remainder. */
    static int share(int n, int k, int i) {
        return n / k + (i < n % k ? 1 : 0);
    }

    private static long cpuNanos(List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += ProcStats.cpuNanos(pid);
        }
        return sum;
    }

    void disconnect(Lab.Target target) {
        try {
            long start = System.nanoTime();
            Props closed = lab.client.request("close timeoutMs=15000", Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            Waits.until(Duration.ofSeconds(60), target.setup().label + " to let go of every port", () -> target.ports() == 0);
            if (closed.num("closed") >= 1000) {
                System.out.printf("    %s: %,d connections closed in %,d ms (%d aborted), released %,d ms later%n", target.setup().label,
                        closed.num("closed"), (t0 - start) / 1_000_000, closed.num("aborted"), (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (BenchException e) {
            System.err.println("warning: " + e.getMessage());
        }
    }

    private RunResult measured(Lab.Target target, Point point, int count, boolean profile) {
        int run = nextRun++;
        String recording = "sweep" + run;
        if (profile) {
            JCmd.jfrStart(target.serverPid(), recording);
        }
        List<Long> serverPids = target.serverPids();
        long server0 = cpuNanos(serverPids);
        long origin0 = ProcStats.cpuNanos(lab.origin.pid());
        long relayPid = target.relayPid();
        long relay0 = relayPid > 0 ? ProcStats.cpuNanos(relayPid) : 0;
        long ours0 = ProcStats.cpuNanos(lab.client.pid()) + ProcStats.selfCpuNanos();
        long machine0 = ProcStats.machineBusyNanos();
        long wall0 = System.nanoTime();
        lab.client.request("expect run=" + run + " count=" + count, Duration.ofSeconds(10));
        Props publish = lab.origin.request("publish group=" + target.group() + " run=" + run + " rate=" + point.rate()
                        + " size=" + point.size() + " count=" + count + " giveUpBehindMs=" + drain.toMillis(),
                Duration.ofSeconds(60 + count / point.rate()));
        Props client = lab.client.request("finish run=" + run + " timeoutMs=" + drain.toMillis(),
                drain.plusSeconds(60));
        long wall = System.nanoTime() - wall0;
        long server = cpuNanos(serverPids) - server0;
        long origin = ProcStats.cpuNanos(lab.origin.pid()) - origin0;
        long relay = relayPid > 0 ? ProcStats.cpuNanos(relayPid) - relay0 : 0;
        long ours = ProcStats.cpuNanos(lab.client.pid()) + ProcStats.selfCpuNanos() - ours0
                + server + relay + (target.setup() == Setup.DIRECT ? 0 : origin);
        long others = Math.max(0, ProcStats.machineBusyNanos() - machine0 - ours);
        int originConnections = lab.originConnections(target.group());
        if (profile) {
            Path file = jfrDir.resolve(String.format("%s-%dp-%dhz-%db.jfr", target.setup().label, point.ports(), point.rate(),
                    point.size()));
            JCmd.jfrStop(target.serverPid(), recording, file);
            recordings.computeIfAbsent(target.setup(), s -> new ArrayList<>()).add(file);
        }
        return new RunResult(target.setup(), point, null, client, publish, server, relay, origin, others, wall, originConnections);
    }
}
