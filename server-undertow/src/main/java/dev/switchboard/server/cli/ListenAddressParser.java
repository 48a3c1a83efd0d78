package dev.switchboard.server.cli;

import dev.switchboard.server.ListenAddress;

/** Reads {@code --listen HOST:PORT}; an IPv6 host goes in brackets, {@code [::1]:8080}. */
final class ListenAddressParser {

    private static final String HOW = "write HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080";

    private ListenAddressParser() {
    }

    /**
     * The address in {@code text}.
     *
     * @throws UsageException naming the text and the expected form
     */
    static ListenAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new UsageException("invalid --listen '" + text + "': " + HOW);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new UsageException("invalid --listen '" + text + "': put an IPv6 host in brackets, e.g. [::1]:8080");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("invalid --listen '" + text + "': the port is not a number; " + HOW);
        }
        if (host.isBlank() || port < 0 || port > 65535) {
            throw new UsageException("invalid --listen '" + text + "': " + HOW);
        }
        return new ListenAddress(host, port);
    }
}
