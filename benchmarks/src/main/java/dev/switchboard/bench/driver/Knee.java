package dev.switchboard.bench.driver;

import java.util.Comparator;
import java.util.List;

/**
 * The saturation knee of one set-up for one payload: the offered load (deliveries per second)
 * past which it no longer keeps up ({@link RunResult#sustained()} fails). Runs are ordered by
 * offered load; the knee lies between the highest sustained load below the first failure and
 * that failure.
 */
record Knee(Setup setup, int size, RunResult lastSustained, RunResult firstSaturated, List<RunResult> lossBelowKnee) {

    static Knee of(Sweep sweep, Setup setup, int size) {
        List<RunResult> runs = sweep.runs().stream()
                .filter(r -> r.setup() == setup && r.point().size() == size && r.ok())
                .sorted(Comparator.comparingLong((RunResult r) -> r.point().offeredDeliveries())
                        .thenComparingInt(r -> r.point().ports()))
                .toList();
        RunResult first = runs.stream().filter(r -> !r.sustained()).findFirst().orElse(null);
        long limit = first == null ? Long.MAX_VALUE : first.point().offeredDeliveries();
        RunResult last = runs.stream().filter(r -> r.sustained() && r.point().offeredDeliveries() <= limit)
                .reduce((a, b) -> b).orElse(null);
        List<RunResult> loss = runs.stream()
                .filter(r -> r.point().offeredDeliveries() < limit && (r.lost() > 0 || r.duplicates() > 0 || r.reordered() > 0))
                .toList();
        return new Knee(setup, size, last, first, loss);
    }

    String describe() {
        String below = lastSustained == null ? "no point was sustained"
                : "sustained up to " + Fmt.count(lastSustained.point().offeredDeliveries()) + " deliveries/s ("
                        + label(lastSustained) + ")";
        String above = firstSaturated == null ? "knee not reached in this sweep"
                : "first saturated at " + Fmt.count(firstSaturated.point().offeredDeliveries()) + "/s (" + label(firstSaturated)
                        + ": " + Report.flags(firstSaturated) + ")";
        return below + "; " + above;
    }

    private static String label(RunResult r) {
        return String.format("%,d ports × %,d msg/s", r.point().ports(), r.point().rate());
    }
}
