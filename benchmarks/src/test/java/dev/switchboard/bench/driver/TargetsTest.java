package dev.switchboard.bench.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bench.common.Props;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The saturation row of the targets table, against a NIO ceiling that did or did not deliver. */
class TargetsTest {

    private static final Point SATURATION = new Point(1000, 1000, 256);
    private static final long TEN_SECONDS = 10_000_000_000L;

    @Test
    void aNioCeilingThatDeliveredNothingInTimeIsNotJudged() {
        String table = Targets.table(sweep(run(Setup.NIO_CEILING, 0, 10_000_000), run(Setup.HUB, 8_000_000, 0)));

        String row = saturationRow(table);
        assertTrue(row.contains("not judged: the NIO ceiling delivered nothing in time"), row);
        assertFalse(row.contains("Infinity"), row);
    }

    @Test
    void aNioCeilingThatDeliveredIsTheReference() {
        String table = Targets.table(sweep(run(Setup.NIO_CEILING, 5_000_000, 0), run(Setup.HUB, 8_000_000, 0)));

        String row = saturationRow(table);
        assertTrue(row.contains("1.60×") && row.contains("| met"), row);
    }

    private static String saturationRow(String table) {
        return table.lines().filter(l -> l.startsWith("| saturation, 1,000 ports × 1,000 msg/s")).findFirst()
                .orElseThrow(() -> new AssertionError("no saturation row in\n" + table));
    }

    /** A run whose client saw {@code distinct} frames in time and {@code late} after the deadline, at 0.5 core each. */
    private static RunResult run(Setup setup, long distinct, long late) {
        Props client = Props.parse("OK distinct=" + distinct + " count=10000 cpuNanos=" + TEN_SECONDS / 4
                + " wallNanos=" + TEN_SECONDS + " firstScheduled=0 lastArrival=" + TEN_SECONDS + " late=" + late
                + " lost=0 duplicates=0 reordered=0 closedDuring=0 complete=true latP50=1000 latP99=2000 latP999=3000"
                + " latMax=4000 lastP50=1000 lastP99=2000 lastP999=3000 lastMax=4000");
        return new RunResult(setup, SATURATION, null, client, Props.parse("OK sent=10000 maxBehindNanos=0 gaveUp=false"), TEN_SECONDS / 2, 0, 0, 0, TEN_SECONDS, 1);
    }

    private static Sweep sweep(RunResult... runs) {
        SweepPlan plan = new SweepPlan(List.of(1000), List.of(1000), List.of(256), 1_000_000, 419_430_400, 60_000);
        return new Sweep("test", "sweep", false, List.of(Setup.NIO_CEILING, Setup.HUB), plan, List.of(runs), List.of(),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), Map.of(), "", "", "", "nio");
    }
}
