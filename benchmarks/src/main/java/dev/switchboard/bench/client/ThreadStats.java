package dev.switchboard.bench.client;

import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * What one receiving thread recorded during a run. Each thread writes only its own, with no
 * lock or shared counter on the hot path; the phaser lets the reader wait out any write in
 * progress before it merges, so the numbers it reads are complete and consistent.
 */
final class ThreadStats {

    /** Latencies are recorded in microseconds, up to ten minutes. */
    static final long HIGHEST_MICROS = 600_000_000L;

    final WriterReaderPhaser phaser = new WriterReaderPhaser();
    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);

    int run = -1;
    /** Per sequence number: the latest latency (ns) among the deliveries this thread saw. */
    long[] maxLatency = new long[0];
    /** Per sequence number: how many deliveries this thread saw. */
    int[] arrivals = new int[0];
    long deliveries;
    long firstScheduled;
    long lastArrival;

    /** Clears everything for {@code newRun} of {@code count} frames. Called by the owning thread. */
    void prepare(int newRun, int count) {
        run = newRun;
        latency.reset();
        if (maxLatency.length < count + 1) {
            maxLatency = new long[count + 1];
            arrivals = new int[count + 1];
        }
        Arrays.fill(maxLatency, 0, count + 1, Long.MIN_VALUE);
        Arrays.fill(arrivals, 0, count + 1, 0);
        deliveries = 0;
        firstScheduled = Long.MAX_VALUE;
        lastArrival = Long.MIN_VALUE;
    }

    void record(long seq, long scheduled, long now, int count) {
        long nanos = now - scheduled;
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
        deliveries++;
        if (seq >= 1 && seq <= count) {
            int i = (int) seq;
            if (nanos > maxLatency[i]) {
                maxLatency[i] = nanos;
            }
            arrivals[i]++;
        }
        if (scheduled < firstScheduled) {
            firstScheduled = scheduled;
        }
        if (now > lastArrival) {
            lastArrival = now;
        }
    }
}
