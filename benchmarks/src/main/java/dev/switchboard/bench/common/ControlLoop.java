package dev.switchboard.bench.common;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The child side of the control protocol: reads commands from stdin, one per line, and answers
 * each with one line on stdout. Stdout carries nothing else (logs go to stderr). The end of
 * stdin means the driver is gone, so the child exits: a crashed driver cannot leave children
 * holding thousands of sockets.
 */
public final class ControlLoop {

    /** Handles one command and returns the reply line (starting with OK). */
    @FunctionalInterface
    public interface Handler {
        String handle(Props command) throws Exception;
    }

    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private ControlLoop() {
    }

    /** Announces readiness with {@code line} (e.g. {@code READY port=1234}). */
    public static void announce(String line) {
        OUT.println(line);
    }

    /** Serves commands until {@code quit} or the end of stdin. */
    public static void run(Handler handler) throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            Props command;
            try {
                command = Props.parse(line);
            } catch (IllegalArgumentException e) {
                OUT.println("ERR " + oneLine(e.getMessage()));
                continue;
            }
            if (command.word().equals("quit")) {
                OUT.println("OK");
                return;
            }
            try {
                OUT.println(handler.handle(command));
            } catch (Exception | OutOfMemoryError e) {
                e.printStackTrace();
                OUT.println("ERR " + command.word() + " failed: " + oneLine(String.valueOf(e)));
            }
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ");
    }
}
