package dev.switchboard.server;

import java.util.Objects;

/**
 * Where the server accepts clients.
 *
 * @param host a host name or IP address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port a TCP port from 0 to 65535; 0 lets the system choose a free one
 */
public record ListenAddress(String host, int port) {

    /** Checks the parts; a bad part is an {@link IllegalArgumentException} naming it. */
    public ListenAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("missing listen host: write HOST:PORT, e.g. 127.0.0.1:8080");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid listen port " + port + ": use a number from 0 to 65535 (0 picks a free port)");
        }
    }

    /** The address in {@code HOST:PORT} form, with an IPv6 host in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
