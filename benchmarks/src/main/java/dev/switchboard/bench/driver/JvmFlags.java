package dev.switchboard.bench.driver;

import java.util.List;

/**
 * The JVM options of every child. The three server processes (origin, ceiling, hub) get the
 * same ones, so their CPU and memory compare like for like.
 */
final class JvmFlags {

    /** Same heap limit and collector for the origin, the ceiling and the hub. */
    static final List<String> SERVER = List.of("-Xmx1g", "-XX:+UseG1GC");
    /** The client holds 10,000 JDK WebSockets and their buffers. */
    static final List<String> CLIENT = List.of("-Xmx2g", "-XX:+UseG1GC");

    private JvmFlags() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }

    static String jcmd() {
        java.nio.file.Path beside = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return java.nio.file.Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }
}
