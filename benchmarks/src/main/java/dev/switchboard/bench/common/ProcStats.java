package dev.switchboard.bench.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What Linux says about a process: CPU time from {@code /proc/PID/stat} and resident memory
 * from {@code /proc/PID/status}. Reading another process's numbers this way works for any
 * process, including the packaged server that exposes no hook of its own.
 */
public final class ProcStats {

    private static volatile long clockTicks;

    private ProcStats() {
    }

    /** User plus system CPU time of the process, in nanoseconds (all threads, GC and JIT included). */
    public static long cpuNanos(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name is in parentheses and may contain spaces: count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
        return ticks * (1_000_000_000L / clockTicks());
    }

    /**
     * CPU time the whole machine spent busy (all cores, everything but idle and iowait), in
     * nanoseconds, from the first line of {@code /proc/stat}. Minus our own processes' time, it
     * tells how much other work was competing for the cores during a run.
     */
    public static long machineBusyNanos() {
        String first = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
        String[] f = first.trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal ...
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * (1_000_000_000L / clockTicks());
    }

    /** This process's CPU time, in nanoseconds. */
    public static long selfCpuNanos() {
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** Resident set size (VmRSS), in bytes. */
    public static long rssBytes(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS line in /proc/" + pid + "/status");
    }

    /** The soft limit on open files of this process ({@code ulimit -n}). */
    public static long openFileLimit() {
        for (String line : read(Path.of("/proc/self/limits")).split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /** {@code getconf CLK_TCK}: the unit of the stat CPU fields (almost always 100 per second). */
    public static long clockTicks() {
        long t = clockTicks;
        if (t == 0) {
            t = 100;
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    t = Long.parseLong(out);
                }
            } catch (IOException | NumberFormatException e) {
                System.err.println("getconf CLK_TCK failed (" + e + "); assuming 100 ticks per second");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = t;
        }
        return t;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " (is the process still running?)", e);
        }
    }
}
