package dev.switchboard.bench.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything one sweep measured, for the report and the chart. */
record Sweep(String name, String command, boolean quick, List<Setup> setups, SweepPlan plan, List<RunResult> runs,
             List<MemoryProbe.Result> memory, Duration measure, Duration warmup, Duration drain, Duration took, java.util.Map<Setup, List<Path>> recordings,
             String serverJar, String loadBefore, String loadAfter, String clientKind) {

    /** The run of {@code setup} at {@code point}, or null. */
    RunResult run(Setup setup, Point point) {
        for (RunResult r : runs) {
            if (r.setup() == setup && r.point().equals(point)) {
                return r;
            }
        }
        return null;
    }
}
