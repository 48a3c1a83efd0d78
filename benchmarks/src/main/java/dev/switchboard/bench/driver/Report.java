package dev.switchboard.bench.driver;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The sweep as Markdown: the table, what was skipped and why, idle memory, knees and targets. */
final class Report {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    private Report() {
    }

    /** What stands out about a run, for the flags column. */
    static String flags(RunResult r) {
        if (!r.ok()) {
            return "**failed**: " + r.error();
        }
        List<String> f = new ArrayList<>();
        if (!r.sustained()) {
            f.add("saturated");
        }
        if (r.clientBound()) {
            f.add("client-bound");
        }
        if (r.clientHeavier()) {
            f.add("**client CPU > server CPU**");
        }
        if (r.machineBound(CORES)) {
            f.add("machine-bound");
        }
        if (r.contended()) {
            f.add(String.format("contended: others used %.0f%%", r.otherCores() * 100));
        }
        if (r.closed() > 0) {
            f.add(r.closed() + " closed");
        }
        long behind = r.publish().num("maxBehindNanos");
        if (r.publish().str("gaveUp").equals("true")) {
            f.add(String.format("origin gave up after %,d of %,d frames (over %,d ms behind)", r.publish().num("sent"),
                    r.client().num("count"), behind / 1_000_000));
        } else if (behind > 50_000_000) {
            f.add(String.format("origin %,d ms behind", behind / 1_000_000));
        }
        return f.isEmpty() ? "" : String.join(", ", f);
    }

    /** What one idle port costs, class by class: live bytes at the top level minus at zero ports. */
    static String perPortClasses(MemoryProbe.Result m) {
        if (m.histogram().isEmpty() || m.samples().size() < 2) {
            return "";
        }
        int ports = m.samples().get(m.samples().size() - 1).ports() - m.samples().get(0).ports();
        java.util.Map<String, long[]> base = new java.util.HashMap<>();
        m.baseline().forEach(r -> base.put(r.className(), new long[] {r.instances(), r.bytes()}));
        List<String[]> rows = new ArrayList<>();
        long total = 0;
        for (JCmd.ClassRow r : m.histogram()) {
            long[] b = base.getOrDefault(r.className(), new long[2]);
            double bytesPerPort = (r.bytes() - b[1]) / (double) ports;
            double instancesPerPort = (r.instances() - b[0]) / (double) ports;
            if (bytesPerPort >= 8) {
                total += r.bytes() - b[1];
                rows.add(new String[] {r.className(), String.format("%.2f", instancesPerPort), String.format("%,.0f", bytesPerPort)});
            }
        }
        rows.sort((a, b) -> Double.compare(Double.parseDouble(b[2].replace(",", "")), Double.parseDouble(a[2].replace(",", ""))));
        StringBuilder md = new StringBuilder(String.format("**%s: live heap per idle port by class** (`jcmd GC.class_histogram` at %,d "
                + "ports minus at %,d; classes of at least 8 B per port, %,.0f B in all)%n%n| class | instances per port | bytes per port |%n"
                + "|---|---:|---:|%n", m.setup().label, m.samples().get(m.samples().size() - 1).ports(), m.samples().get(0).ports(),
                total / (double) ports));
        rows.stream().limit(40).forEach(r -> md.append("| `").append(r[0]).append("` | ").append(r[1]).append(" | ").append(r[2]).append(" |\n"));
        return md.append('\n').toString();
    }

    static String oneLine(RunResult r) {
        Point p = r.point();
        String head = String.format("%-7s %,6d ports %,5d/s %6s", r.setup().label, p.ports(), p.rate(), p.payloadLabel());
        if (!r.ok()) {
            return head + ": FAILED " + r.error();
        }
        return String.format("%s: %,.0f deliveries/s of %,d offered, %s per server CPU-s, p50 %s ms p99 %s ms max %s ms,"
                        + " lost %d dup %d reord %d late %d, server %s µs/delivery, client %s µs/delivery (CPU %s) %s",
                head, r.deliveriesPerSecond(), p.offeredDeliveries(), Fmt.count(r.deliveriesPerServerCpuSecond()),
                Fmt.ms(r.micros("latP50")), Fmt.ms(r.micros("latP99")), Fmt.ms(r.micros("latMax")), r.lost(), r.duplicates(),
                r.reordered(), r.late(), us(r.serverMicrosPerDelivery()), us(r.clientMicrosPerDelivery()), Fmt.pct(r.clientCores()),
                flags(r));
    }

    static String us(double micros) {
        return Double.isNaN(micros) ? "—" : String.format("%.2f", micros);
    }

    static String clientDescription(Sweep s) {
        return s.clientKind().equals("jdk") ? "2 JDK HttpClients × 2 threads (java.net.http.WebSocket)"
                : "plain java.nio, 2 selector threads, frames parsed in place (only run, sequence number and scheduled time read)";
    }

    static String markdown(Sweep s, String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append("# Switchboard load sweep: ").append(s.name()).append("\n\n");
        md.append("Command: `").append(s.command()).append("` — finished ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" in ")
                .append(s.took().toSeconds()).append(" s.\n\n");
        md.append(Machine.describe()).append(" Load average (1/5/15 min) before the sweep: ").append(s.loadBefore())
                .append("; after: ").append(s.loadAfter()).append(".\n\n");
        if (!s.serverJar().isEmpty()) {
            md.append("Hub: `java -jar switchboard-server.jar --listen 127.0.0.1:PORT --upstream ws://127.0.0.1:ORIGIN/feed/hub "
                    + "--linger 30s --max-ports-per-address 1000000`, from ").append(s.serverJar()).append(".\n\n");
        }
        if (s.setups().stream().anyMatch(Setup::clustered)) {
            md.append("Hub-cluster: the same server (its upstream `/feed/hub-cluster`) plus `--cluster redis://127.0.0.1:REDIS`, one "
                    + "instance, against `redis-server --save '' --appendonly no` started by the sweep; hub-cluster-2: two such servers on one "
                    + "redis-server (its own), the clients split between them. \"server µs\" is the server process alone (the sum of "
                    + "both for hub-cluster-2); \"redis µs\" is redis-server's CPU per delivery, not included in it (add the two for the cluster's "
                    + "cost).\n\n");
        }
        md.append(String.format("Each point: %s s warm-up (not reported), then %s s measured at the point's rate; the client waits at "
                        + "most %s s after the last frame is published. Set-ups run interleaved at every point (%s), one process each, "
                        + "all on 127.0.0.1. Server JVMs (origin, ceilings, hub): `%s`; client: `%s`, %s.%n%n",
                s.warmup().toMillis() / 1000.0, s.measure().toMillis() / 1000.0, s.drain().toMillis() / 1000.0,
                String.join(", ", s.setups().stream().map(x -> x.label).toList()),
                String.join(" ", JvmFlags.SERVER), String.join(" ", JvmFlags.CLIENT), clientDescription(s)));
        md.append("![deliveries/s and p99 against ports](").append(chartFile).append(")\n\n");

        md.append("## Sweep\n\n");
        md.append("Latencies in ms, from the frame's *scheduled* send time (so publisher lag counts) to its arrival; "
                + "\"last port\" is per message, until the last port had it. \"per CPU-s\" is deliveries per CPU-second of the "
                + "server process (the origin itself for direct); \"server µs\" and \"client µs\" are CPU microseconds per delivery of the "
                + "server and of the load client, \"redis µs\" of the clustered hub's redis-server. CPU columns are cores used during the measured run (100% = one core).\n\n");
        md.append("| ports | msg/s | payload | set-up | offered/s | delivered/s | per CPU-s | server µs | redis µs | server CPU | p50 | p99 | p99.9 | max "
                + "| last port p50 | p99 | p99.9 | max | lost/dup/reord/late | origin conns | origin CPU | client µs | client CPU | others CPU "
                + "| flags |\n");
        md.append("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (RunResult r : s.runs()) {
            Point p = r.point();
            md.append(String.format("| %,d | %,d | %s | %s | %s |", p.ports(), p.rate(), p.payloadLabel(),
                    r.setup().packagedServer() ? "**" + r.setup().label + "**" : r.setup().label, Fmt.count(p.offeredDeliveries())));
            if (!r.ok()) {
                md.append(" — |".repeat(19)).append(' ').append(flags(r)).append(" |\n");
                continue;
            }
            md.append(String.format(" %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d/%d/%d | %d | %s | %s | %s | %s | %s |%n",
                    Fmt.count(r.deliveriesPerSecond()), Fmt.count(r.deliveriesPerServerCpuSecond()), us(r.serverMicrosPerDelivery()),
                    us(r.relayMicrosPerDelivery()), Fmt.pct(r.serverCores()),
                    Fmt.ms(r.micros("latP50")), Fmt.ms(r.micros("latP99")), Fmt.ms(r.micros("latP999")), Fmt.ms(r.micros("latMax")),
                    Fmt.ms(r.micros("lastP50")), Fmt.ms(r.micros("lastP99")), Fmt.ms(r.micros("lastP999")), Fmt.ms(r.micros("lastMax")),
                    r.lost(), r.duplicates(), r.reordered(), r.late(), r.originConnections(), Fmt.pct(r.originCores()),
                    us(r.clientMicrosPerDelivery()), Fmt.pct(r.clientCores()), Fmt.pct(r.otherCores()), flags(r)));
        }
        md.append("\nFlags: *saturated* = not every frame arrived in order and on time (no loss, duplicate, reorder or drop, "
                + "and delivered/s ≥ 95% of offered); *client-bound* = the load client used more than 90% of a core, so the "
                + "figure may be the client's limit rather than the server's; *client CPU > server CPU* = the load client spent more CPU "
                + "than the server it measured, so the run measures the client as much as the server; *machine-bound* = client, origin and server together "
                + "used more than 90% of the machine's " + CORES + " cores; *contended* = processes outside the benchmark (\"others CPU\": "
                + "machine busy time from /proc/stat minus ours) used more than a quarter of a core, so the run shared the machine.\n\n");

        if (!s.plan().skipped.isEmpty()) {
            md.append("## Skipped combinations\n\n| ports | msg/s | payload | why |\n|---:|---:|---:|---|\n");
            for (SweepPlan.Skip k : s.plan().skipped) {
                md.append(String.format("| %,d | %,d | %s | %s |%n", k.point().ports(), k.point().rate(), k.point().payloadLabel(),
                        k.reason()));
            }
            md.append('\n');
        }

        if (!s.memory().isEmpty()) {
            md.append("## Idle memory per port\n\nFresh server processes before any load, idle clients connected step by step; after "
                    + "each step `jcmd PID GC.run`, then heap in use from `jcmd PID GC.heap_info` and VmRSS from /proc/PID/status. "
                    + "Per port = least-squares slope over the samples. For direct the server is the origin. RSS also counts heap "
                    + "pages the JVM touched while accepting the connections (garbage included), so it is the footprint the OS "
                    + "sees; heap after a full GC is the live set.\n\n");
            md.append("| set-up | samples (ports: RSS KiB / heap KiB) | RSS per port | heap per port |\n|---|---|---:|---:|\n");
            for (MemoryProbe.Result m : s.memory()) {
                StringBuilder samples = new StringBuilder();
                for (MemoryProbe.Sample x : m.samples()) {
                    samples.append(String.format("%,d: %s / %s; ", x.ports(), Fmt.kib(x.rss()), Fmt.kib(x.heap())));
                }
                md.append(String.format("| %s | %s%s | %,.0f B | %,.0f B |%n", m.setup().label, samples,
                        m.error() == null ? "" : " **failed**: " + m.error(), m.rssPerPort(), m.heapPerPort()));
            }
            md.append('\n');
            for (MemoryProbe.Result m : s.memory()) {
                md.append(perPortClasses(m));
            }
        }

        md.append("## Saturation knee\n\nOffered load = ports × msg/s. A set-up keeps up until the first point flagged *saturated*.\n\n");
        md.append("| set-up | payload | knee | loss/dup/reorder below the knee |\n|---|---|---|---|\n");
        for (Setup setup : s.setups()) {
            for (int size : s.plan().points.stream().map(Point::size).distinct().toList()) {
                Knee k = Knee.of(s, setup, size);
                md.append(String.format("| %s | %s | %s | %s |%n", setup.label, new Point(1, 1, size).payloadLabel(), k.describe(),
                        k.lossBelowKnee().isEmpty() ? "none" : k.lossBelowKnee().size() + " run(s): "
                                + String.join("; ", k.lossBelowKnee().stream().map(Report::oneLine).toList())));
            }
        }
        md.append('\n');

        md.append(RelayComparison.markdown(s));
        md.append("## Targets\n\n").append(Targets.table(s)).append('\n');
        for (java.util.Map.Entry<Setup, List<java.nio.file.Path>> e : s.recordings().entrySet()) {
            md.append("## Profile: ").append(e.getKey().label).append(" (measured runs only)\n\n")
                    .append(JfrSummary.markdown(e.getValue(), 25)).append('\n');
        }
        return md.toString();
    }
}
