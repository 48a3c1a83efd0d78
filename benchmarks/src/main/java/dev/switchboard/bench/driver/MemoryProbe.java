package dev.switchboard.bench.driver;

import dev.switchboard.bench.common.ProcStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle memory per port: with 0, then more and more idle clients attached, force a full GC in the
 * server and read its heap in use and its resident set. The slope of the least-squares line
 * through the samples is the cost of one more port. It runs on fresh servers, before any load:
 * once a JVM has carried traffic its heap pages stay resident, and the RSS slope would read as
 * almost nothing.
 */
final class MemoryProbe {

    /** One sample: ports attached, resident set and heap after a full GC, bytes. */
    record Sample(int ports, long rss, long heap) {
    }

    /**
     * All samples of one set-up and the per-port slopes; {@code histogram} is the biggest classes
     * at the top level, and {@code baseline} at zero ports, so the report can say what a port costs.
     */
    record Result(Setup setup, List<Sample> samples, String error, List<JCmd.ClassRow> baseline, List<JCmd.ClassRow> histogram) {
        double rssPerPort() {
            return LeastSquares.slope(samples.stream().map(s -> new double[] {s.ports(), s.rss()}).toList());
        }

        double heapPerPort() {
            return LeastSquares.slope(samples.stream().map(s -> new double[] {s.ports(), s.heap()}).toList());
        }
    }

    private final PointRunner runner;

    MemoryProbe(PointRunner runner) {
        this.runner = runner;
    }

    /** Samples at each level (ascending), connecting idle clients as it goes; they stay connected. */
    Result sample(Lab.Target target, List<Integer> levels) {
        List<Sample> samples = new ArrayList<>();
        List<JCmd.ClassRow> baseline = List.of();
        List<JCmd.ClassRow> histogram = List.of();
        try {
            int attached = Math.max(0, target.ports());
            for (int level : levels) {
                if (level > attached) {
                    runner.connect(target, level - attached);
                    attached = level;
                }
                long pid = target.serverPid();
                long t0 = System.nanoTime();
                long heap = JCmd.heapAfterGc(pid);
                samples.add(new Sample(level, ProcStats.rssBytes(pid), heap));
                System.out.printf("    memory %-7s %,6d idle ports: RSS %,d KiB, heap %,d KiB (jcmd %,d ms)%n", target.setup().label,
                        level, samples.get(samples.size() - 1).rss() / 1024, heap / 1024, (System.nanoTime() - t0) / 1_000_000);
                if (level == levels.get(0)) {
                    baseline = JCmd.classHistogram(pid, 400);
                } else if (level == levels.get(levels.size() - 1)) {
                    histogram = JCmd.classHistogram(pid, 400);
                }
            }
            return new Result(target.setup(), samples, null, baseline, histogram);
        } catch (BenchException e) {
            return new Result(target.setup(), samples, e.getMessage().lines().findFirst().orElse("failed"), baseline, histogram);
        }
    }
}
