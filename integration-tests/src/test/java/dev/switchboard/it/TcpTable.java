package dev.switchboard.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's table of TCP sockets ({@code /proc/net/tcp} and {@code tcp6}, Linux), read to
 * see whether a connection still exists at the OS level whatever the JVM holding it thinks.
 */
final class TcpTable {

    /** The state code of TIME_WAIT: a connection that ended, kept by the kernel for a while. */
    private static final String TIME_WAIT = "06";

    private TcpTable() {
    }

    /** Whether this machine has the table; the tests that need it run on Linux. */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /**
     * The states (kernel hex codes, e.g. {@code 01} ESTABLISHED, {@code 04} FIN_WAIT1) of the
     * sockets with this local and remote port that have not ended: TIME_WAIT is left out.
     */
    static List<String> liveStates(int localPort, int remotePort) {
        List<String> states = new ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length < 4 || !fields[1].contains(":")) {
                        continue; // the header
                    }
                    if (port(fields[1]) == localPort && port(fields[2]) == remotePort && !fields[3].equals(TIME_WAIT)) {
                        states.add(fields[3]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + file, e);
            }
        }
        return states;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
