package dev.switchboard.bench.common;

/** A {@code host:port} to listen on; loopback only, since every benchmark byte stays on this machine. */
public record Listen(String host, int port) {

    /** Parses {@code 127.0.0.1:PORT}. */
    public static Listen parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("listen address '" + text + "' must be HOST:PORT, e.g. 127.0.0.1:9001");
        }
        String host = text.substring(0, colon);
        if (!host.startsWith("127.")) {
            throw new IllegalArgumentException("listen address '" + text + "' is not loopback: benchmarks stay on 127.0.0.0/8");
        }
        return new Listen(host, Integer.parseInt(text.substring(colon + 1)));
    }
}
