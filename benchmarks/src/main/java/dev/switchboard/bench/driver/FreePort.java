package dev.switchboard.bench.driver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A free TCP port on 127.0.0.1, found by binding port 0 and letting it go. */
final class FreePort {

    private FreePort() {
    }

    static int find() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BenchException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
