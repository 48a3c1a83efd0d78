package dev.switchboard.bench.driver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot methods of Flight Recorder files, with the JDK's own reader: execution samples counted by
 * their top frame (self time) and by every method on the stack (total time), and sampled
 * allocations by class and allocating method.
 */
final class JfrSummary {

    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Integer> allocation = new HashMap<>();
    private int samples;

    private JfrSummary() {
    }

    static String markdown(List<Path> files, int top) {
        JfrSummary summary = new JfrSummary();
        for (Path file : files) {
            try {
                summary.read(file);
            } catch (IOException e) {
                return "Cannot read " + file + ": " + e.getMessage() + "\n";
            }
        }
        StringBuilder md = new StringBuilder(String.format("Recordings %s (in benchmarks/target/sweep-logs/): %,d execution samples.%n%n",
                String.join(", ", files.stream().map(f -> "`" + f.getFileName() + "`").toList()), summary.samples));
        md.append(section("Self (top frame)", summary.self, summary.samples, top));
        md.append(section("Total (anywhere on the stack)", summary.total, summary.samples, top));
        md.append(section("Allocation (KiB sampled, by class and allocating method)", summary.allocation, -1, 15));
        return md.toString();
    }

    private void read(Path file) throws IOException {
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                self.merge(name(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    if (seen.add(name(f))) {
                        total.merge(name(f), 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                String what = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
                allocation.merge(what + " in " + name(frames.get(0)), (int) Math.min(Integer.MAX_VALUE, e.getLong("weight") / 1024),
                        Integer::sum);
            }
        }
    }

    private static String section(String title, Map<String, Integer> counts, int samples, int top) {
        StringBuilder md = new StringBuilder("**" + title + "**\n\n| count | share | method |\n|---:|---:|---|\n");
        long sum = samples > 0 ? samples : counts.values().stream().mapToLong(Integer::longValue).sum();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top)
                .forEach(en -> md.append(String.format("| %,d | %.1f%% | `%s` |%n", en.getValue(),
                        100.0 * en.getValue() / Math.max(1, sum), en.getKey())));
        return md.append('\n').toString();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
