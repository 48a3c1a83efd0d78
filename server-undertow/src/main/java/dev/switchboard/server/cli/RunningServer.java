package dev.switchboard.server.cli;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.demo.DemoOrigin;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A server the command line started, with its demo origin if {@code --demo} was given. Closing it
 * stops the server first (clients get 1001), then the demo origin.
 */
public final class RunningServer implements AutoCloseable {

    private final SwitchboardServer server;
    private final DemoOrigin demo;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ClassLoader transportLoader;

    RunningServer(SwitchboardServer server, DemoOrigin demo) {
        this(server, demo, null);
    }

    /** @param transportLoader the loader of {@code --plugins}, closed after the server stops; may be null */
    RunningServer(SwitchboardServer server, DemoOrigin demo, ClassLoader transportLoader) {
        this.server = server;
        this.demo = demo;
        this.transportLoader = transportLoader;
    }

    /** The server. */
    public SwitchboardServer server() {
        return server;
    }

    /** The demo origin, when {@code --demo} was given. */
    public Optional<DemoOrigin> demo() {
        return Optional.ofNullable(demo);
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully ({@link SwitchboardServer#drain(java.time.Duration, java.time.Duration)}), at
     * most {@code timeout} for the clients' queues, the listener accepting for {@code acceptGrace}
     * first, then closes as {@link #close()} does.
     */
    public void drain(java.time.Duration timeout, java.time.Duration acceptGrace) {
        try {
            server.drain(timeout, acceptGrace);
        } finally {
            close();
        }
    }

    /** Stops the server, then the demo origin, then closes the plugins' class loader. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            server.stop();
        } finally {
            if (demo != null) {
                demo.close();
            }
            PluginDirectory.close(transportLoader);
            stopped.countDown();
        }
    }
}
