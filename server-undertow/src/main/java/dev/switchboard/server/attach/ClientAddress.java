package dev.switchboard.server.attach;

import java.net.InetSocketAddress;

/** A client's address as logs, events and the start line show it: {@code 127.0.0.1:50312}, {@code [::1]:50312}. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** {@code host:port}, the host in brackets when it is an IPv6 address; {@code unknown} for none. */
    public static String of(InetSocketAddress address) {
        if (address == null) {
            return "unknown";
        }
        String host = host(address);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The host alone, as per-address limits count it: {@code 127.0.0.1}, {@code ::1}; {@code unknown} for none. */
    public static String host(InetSocketAddress address) {
        if (address == null) {
            return "unknown";
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
