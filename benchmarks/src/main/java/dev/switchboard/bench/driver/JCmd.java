package dev.switchboard.bench.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap after a full GC of another JVM, through {@code jcmd}: the packaged server has no GC hook
 * of its own, and jcmd works on any HotSpot process of the same user.
 */
final class JCmd {

    /** The whole heap's line, e.g. {@code garbage-first heap   total 65536K, used 12345K [...]}. */
    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    /** The Parallel collector lists its two generations instead, e.g. {@code PSYoungGen total 76288K, used 3932K [...]}. */
    private static final Pattern GENERATION_USED = Pattern.compile("(?:PSYoungGen|ParOldGen)\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    private JCmd() {
    }

    /** Runs a full GC in {@code pid}, then returns the heap in use, in bytes. */
    static long heapAfterGc(long pid) {
        run(pid, "GC.run");
        return heapUsed(run(pid, "GC.heap_info"), pid);
    }

    /** The heap in use, in bytes, from {@code GC.heap_info}'s text: G1's one heap line, or the Parallel collector's generations. */
    static long heapUsed(String info, long pid) {
        Matcher m = USED.matcher(info);
        if (m.find()) {
            return Long.parseLong(m.group(2)) * 1024;
        }
        Matcher generations = GENERATION_USED.matcher(info);
        long used = 0;
        int found = 0;
        while (generations.find()) {
            used += Long.parseLong(generations.group(1)) * 1024;
            found++;
        }
        if (found == 2) {
            return used;
        }
        throw new BenchException("cannot read the heap size from 'jcmd " + pid + " GC.heap_info' (neither G1's heap line nor the"
                + " Parallel collector's two generations):\n" + info);
    }

    /** Starts a Flight Recording in {@code pid} with the JDK's "profile" settings. */
    static void jfrStart(long pid, String name) {
        run(pid, "JFR.start name=" + name + " settings=profile");
    }

    /** Stops the recording and writes it to {@code file}. */
    static void jfrStop(long pid, String name, java.nio.file.Path file) {
        run(pid, "JFR.stop name=" + name + " filename=" + file.toAbsolutePath());
    }

    /** One row of a class histogram: live instances and bytes of one class. */
    record ClassRow(long instances, long bytes, String className) {
    }

    /** The {@code top} classes by live bytes ({@code GC.class_histogram} runs a full GC first). */
    static java.util.List<ClassRow> classHistogram(long pid, int top) {
        java.util.List<ClassRow> rows = new java.util.ArrayList<>();
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        for (String line : run(pid, "GC.class_histogram").split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find() && rows.size() < top) {
                rows.add(new ClassRow(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3)));
            }
        }
        return rows;
    }

    private static String run(long pid, String command) {
        try {
            Process p = new ProcessBuilder(List.of(JvmFlags.jcmd(), Long.toString(pid), command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException("jcmd " + pid + " " + command + " did not finish within 60s");
            }
            if (p.exitValue() != 0) {
                throw new BenchException("jcmd " + pid + " " + command + " failed (exit " + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (IOException e) {
            throw new BenchException("cannot run jcmd (" + JvmFlags.jcmd() + "): " + e.getMessage()
                    + "; it comes with the JDK, make sure a full JDK (not a JRE) runs the sweep", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running jcmd", e);
        }
    }
}
