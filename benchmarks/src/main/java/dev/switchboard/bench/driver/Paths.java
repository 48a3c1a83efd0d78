package dev.switchboard.bench.driver;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, wherever the sweep was started from. */
final class Paths {

    private Paths() {
    }

    /** The repository root: the folder holding {@code benchmarks/} and {@code server-undertow/}. */
    static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("benchmarks")) && Files.isDirectory(p.resolve("server-undertow"))) {
                return p;
            }
        }
        // Started elsewhere: the jar lives in ROOT/benchmarks/target/.
        Path jar = classPath().toAbsolutePath();
        Path guess = jar.getParent() != null && jar.getParent().getParent() != null ? jar.getParent().getParent().getParent() : null;
        if (guess != null && Files.isDirectory(guess.resolve("server-undertow"))) {
            return guess;
        }
        throw new BenchException("cannot find the repository (a folder with benchmarks/ and server-undertow/) from " + cwd
                + ": run the sweep from the repository root");
    }

    /** This process's class path, to start the origin, ceiling and client with the same classes. */
    static Path classPath() {
        return Path.of(System.getProperty("java.class.path"));
    }
}
