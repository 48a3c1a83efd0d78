package dev.switchboard.bench.client;

import dev.switchboard.bench.common.Props;
import org.HdrHistogram.Histogram;

/**
 * The merged outcome of one run, as the client's reply line. Latencies are microseconds from
 * the frame's scheduled send time to the arrival of its last part: {@code lat*} per delivery,
 * {@code last*} per message until the last member connection had it.
 */
record RunReport(int run, int connections, int count, boolean complete, long distinct, long deliveries, long lost,
                 long late, long duplicates, long reordered, int closedDuring, Histogram latency, Histogram lastPort,
                 long incompleteMessages, long firstScheduled, long lastArrival, long cpuNanos, long wallNanos,
                 long malformed, long stray, String lastError) {

    String toLine() {
        Props.Line line = Props.line("OK")
                .put("run", run)
                .put("connections", connections)
                .put("count", count)
                .put("complete", complete)
                .put("distinct", distinct)
                .put("deliveries", deliveries)
                .put("lost", lost)
                .put("late", late)
                .put("duplicates", duplicates)
                .put("reordered", reordered)
                .put("closedDuring", closedDuring)
                .put("incompleteMessages", incompleteMessages)
                .put("firstScheduled", firstScheduled == Long.MAX_VALUE ? 0 : firstScheduled)
                .put("lastArrival", lastArrival == Long.MIN_VALUE ? 0 : lastArrival)
                .put("cpuNanos", cpuNanos)
                .put("wallNanos", wallNanos)
                .put("malformed", malformed)
                .put("stray", stray)
                .put("lastError", lastError.isEmpty() ? "none" : lastError);
        percentiles(line, "lat", latency);
        percentiles(line, "last", lastPort);
        return line.toString();
    }

    private static void percentiles(Props.Line line, String prefix, Histogram h) {
        boolean empty = h.getTotalCount() == 0;
        line.put(prefix + "Count", h.getTotalCount())
                .put(prefix + "P50", empty ? -1 : h.getValueAtPercentile(50))
                .put(prefix + "P99", empty ? -1 : h.getValueAtPercentile(99))
                .put(prefix + "P999", empty ? -1 : h.getValueAtPercentile(99.9))
                .put(prefix + "Max", empty ? -1 : h.getMaxValue());
    }
}
