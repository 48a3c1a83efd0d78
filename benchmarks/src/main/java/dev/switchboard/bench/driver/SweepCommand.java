package dev.switchboard.bench.driver;

import dev.switchboard.bench.common.ProcStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The sweep: direct, ceiling and hub measured by one load client in one run, interleaved at every
 * point, then written as a Markdown table and an SVG chart in {@code benchmarks/results/}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run the load sweep (direct, Undertow ceiling, NIO ceiling, hub) and write benchmarks/results/DATE.md and DATE.svg.")
public final class SweepCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "a short sweep (about a minute): 100 and 1,000 ports at 100 msg/s, 256 B, short runs")
    boolean quick;

    @Option(names = "--server-jar", description = "the packaged server (default: server-undertow/target/switchboard-server.jar)")
    Path serverJar;

    @Option(names = "--out", description = "where results go (default: benchmarks/results)")
    Path out;

    @Option(names = "--name", description = "results file name without extension (default: today's date, plus -quick)")
    String name;

    @Option(names = "--setups", split = ",", description = "any of direct,ceiling,nio-ceiling,hub,hub-cluster,hub-cluster-2 (default: the first four; the clustered ones need /usr/bin/redis-server)")
    List<String> setupNames;

    @Option(names = "--ports", split = ",", description = "port counts (default 100,1000,10000; quick 100,1000)")
    List<Integer> ports;

    @Option(names = "--rates", split = ",", description = "messages per second (default 10,100,1000; quick 100)")
    List<Integer> rates;

    @Option(names = "--sizes", split = ",", description = "payload bytes (default 256,16384; quick 256)")
    List<Integer> sizes;

    @Option(names = "--measure", description = "seconds measured per point (default 5; quick 2)")
    Double measureSeconds;

    @Option(names = "--warmup", description = "seconds of unreported warm-up per point (default 1; quick 0.5)")
    Double warmupSeconds;

    @Option(names = "--drain", description = "seconds to wait for the last frames after publishing ends (default 3; quick 2)")
    Double drainSeconds;

    @Option(names = "--memory-levels", split = ",", description = "idle ports for the memory probe (default 0,1000,5000,10000; quick 0,500,1000)")
    List<Integer> memoryLevels;

    @Option(names = "--no-memory", description = "skip the idle memory probe")
    boolean noMemory;

    @Option(names = "--max-deliveries", defaultValue = "1000000", description = "skip points offering more deliveries/s (default ${DEFAULT-VALUE})")
    long maxDeliveries;

    @Option(names = "--max-bytes", defaultValue = "419430400", description = "skip points offering more payload bytes/s (default ${DEFAULT-VALUE} = 400 MiB)")
    long maxBytes;

    @Option(names = "--client", defaultValue = "nio", description = "the load client: nio (plain java.nio, cheaper per delivery "
            + "than the servers it measures) or jdk (java.net.http.WebSocket); default ${DEFAULT-VALUE}")
    dev.switchboard.bench.client.ClientCommand.Kind client;

    @Option(names = "--hub-arg", paramLabel = "OPTION", description = "an option for the packaged server (repeatable), "
            + "after the sweep's own, e.g. --hub-arg=--io-threads=1; the report's header lists them")
    List<String> hubArgs = new ArrayList<>();

    @Option(names = "--hub-jvm", paramLabel = "OPTION", description = "a JVM option for the packaged server (repeatable), "
            + "after the sweep's own (-Xmx1g -XX:+UseG1GC), e.g. --hub-jvm=-XX:-G1UseAdaptiveConcRefinement; the origin and "
            + "the ceilings keep the sweep's own; the report's header lists them")
    List<String> hubJvm = new ArrayList<>();

    @Option(names = "--jfr", description = "record the hub and the ceiling with Flight Recorder during each measured run "
            + "(jcmd JFR.start/JFR.stop) and add their hot methods and allocations to the report")
    boolean jfr;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Path root = Paths.root();
        Path jar = serverJar != null ? serverJar : root.resolve("server-undertow/target/switchboard-server.jar");
        List<Setup> setups = setups();
        boolean packaged = setups.stream().anyMatch(Setup::packagedServer);
        if (packaged && !Files.isRegularFile(jar)) {
            System.err.println("server jar not found at " + root.relativize(jar.toAbsolutePath()) + " (" + jar.toAbsolutePath()
                    + "): build it with mvn -B -q package -DskipTests at the repository root, or pass --setups direct,ceiling");
            return 2;
        }
        Path results = out != null ? out : root.resolve("benchmarks/results");
        String fileName = name != null ? name : LocalDate.now() + (quick ? "-quick" : "");
        Path logs = root.resolve("benchmarks/target/sweep-logs");
        Files.createDirectories(results);
        Files.createDirectories(logs);

        String serverJarNote = "";
        if (packaged) {
            // Run a snapshot: a rebuild of the server during the sweep must not swap the jar under a running JVM.
            Path snapshot = logs.resolve("switchboard-server.jar");
            Files.copy(jar, snapshot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            serverJarNote = String.format("%s (%,d bytes, modified %s, sha-256 %s)", root.relativize(jar.toAbsolutePath()),
                    Files.size(jar), Files.getLastModifiedTime(jar), sha256(snapshot).substring(0, 16));
            jar = snapshot;
            if (!hubArgs.isEmpty()) {
                serverJarNote += ", with " + String.join(" ", hubArgs);
            }
            if (!hubJvm.isEmpty()) {
                serverJarNote += ", JVM options added to the hub's: " + String.join(" ", hubJvm);
            }
        }

        long fdLimit = ProcStats.openFileLimit();
        long fdBudget = Math.max(0, fdLimit - 1000);
        SweepPlan plan = new SweepPlan(or(ports, List.of(100, 1000, 10000), List.of(100, 1000)),
                or(rates, List.of(10, 100, 1000), List.of(100)), or(sizes, List.of(256, 16384), List.of(256)),
                maxDeliveries, maxBytes, fdBudget);
        Duration measure = seconds(measureSeconds, 5, 2);
        Duration warmup = seconds(warmupSeconds, 1, 0.5);
        Duration drain = seconds(drainSeconds, 3, 2);
        List<Integer> levels = new ArrayList<>(or(memoryLevels, List.of(0, 1000, 5000, 10000), List.of(0, 500, 1000)));
        levels.removeIf(l -> l > fdBudget);
        java.util.Collections.sort(levels);

        System.out.printf("sweep: %d points × %d set-ups (%d skipped), %ss measured per point; open files limit %d%n",
                plan.points.size(), setups.size(), plan.skipped.size(), measure.toMillis() / 1000.0, fdLimit);

        String loadBefore = loadAverage();
        List<MemoryProbe.Result> memory = new ArrayList<>();
        List<RunResult> runs = new ArrayList<>();
        java.util.Map<Setup, List<Path>> recordings = java.util.Map.of();
        try (Lab lab = new Lab(Paths.classPath(), jar, logs, setups, hubJvm, hubArgs,
                List.of("--kind", client.name()))) {
            PointRunner runner = new PointRunner(lab, warmup, measure, drain);
            if (jfr) {
                runner.profileInto(logs);
            }
            if (!noMemory && !levels.isEmpty()) {
                // First, on fresh servers: once a JVM has carried load its heap pages stay resident, and RSS per port would read near zero.
                System.out.println("idle memory (fresh servers, full GC before each sample):");
                for (Setup s : setups) {
                    Lab.Target t = lab.target(s);
                    memory.add(new MemoryProbe(runner).sample(t, levels));
                    runner.disconnect(t);
                }
            }
            System.out.println("warming up each set-up (not reported)");
            PointRunner warm = new PointRunner(lab, Duration.ZERO, quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3), drain);
            for (Setup s : setups) {
                warm.run(s, new Point(100, 1000, 256));
            }
            for (Point p : plan.points) {
                for (Setup s : setups) {
                    RunResult r = runner.run(s, p);
                    runs.add(r);
                    System.out.println("  " + Report.oneLine(r));
                }
            }
            recordings = runner.recordings();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String command = "java -jar benchmarks/target/switchboard-benchmarks.jar sweep " + String.join(" ", args());
        Sweep sweep = new Sweep(fileName, command, quick, setups, plan, runs, memory, measure, warmup, drain, took,
                recordings, serverJarNote, loadBefore, loadAverage(), client.name());
        Path md = results.resolve(fileName + ".md");
        Path svg = results.resolve(fileName + ".svg");
        Files.writeString(svg, SvgChart.render(sweep));
        Files.writeString(md, Report.markdown(sweep, svg.getFileName().toString()));
        System.out.printf("wrote %s and %s in %ds%n", md, svg, took.toSeconds());
        return runs.stream().allMatch(RunResult::ok) ? 0 : 1;
    }

    /** The arguments this sweep was started with, for the report's first line. */
    private List<String> args() {
        List<String> original = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!original.isEmpty() && original.get(0).equals("sweep")) {
            original.remove(0);
        }
        return original;
    }

    private static String sha256(Path file) throws Exception {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
    }

    /** The 1, 5 and 15 minute load averages: how busy the shared machine was. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private List<Setup> setups() {
        return setups(setupNames);
    }

    /**
     * The named set-ups in interleaving order, whatever order they were named in; without names the
     * standard four (the clustered hub needs a redis-server, so it runs only when asked for).
     */
    static List<Setup> setups(List<String> names) {
        if (names == null) {
            return List.of(Setup.DIRECT, Setup.CEILING, Setup.NIO_CEILING, Setup.HUB);
        }
        java.util.Set<Setup> named = java.util.EnumSet.noneOf(Setup.class);
        for (String n : names) {
            named.add(Setup.named(n.trim()));
        }
        return List.copyOf(named);
    }

    private <T> List<T> or(List<T> given, List<T> standard, List<T> quickOnes) {
        return given != null ? given : quick ? quickOnes : standard;
    }

    private Duration seconds(Double given, double standard, double quickOne) {
        double s = given != null ? given : quick ? quickOne : standard;
        return Duration.ofMillis((long) (s * 1000));
    }
}
