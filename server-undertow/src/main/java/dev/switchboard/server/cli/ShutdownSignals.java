package dev.switchboard.server.cli;

import dev.switchboard.api.config.Durations;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT for the packaged server: the first drains ({@link RunningServer#drain}) and
 * exits 0; a second one, while the drain runs, stops the process at once. The JDK's own handling
 * cannot do the second part: once shutdown hooks run, a further signal is ignored. This is
 * {@code sun.misc.Signal}, which the JDK keeps (module {@code jdk.unsupported}) for exactly this.
 */
final class ShutdownSignals {

    /** What a shell reports for a process ended by SIGTERM (128 + 15). */
    static final int FORCED_EXIT = 143;

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    static void install(RunningServer server, Duration drainTimeout, Duration acceptGrace) {
        AtomicInteger received = new AtomicInteger();
        SignalHandler handler = signal -> {
            if (received.incrementAndGet() > 1) {
                LOG.warn("second SIG{}: stopping now, without waiting for the drain", signal.getName());
                Runtime.getRuntime().halt(FORCED_EXIT);
            }
            Thread drain = new Thread(() -> {
                if (acceptGrace.isZero()) {
                    LOG.info("SIG{}: no new connections; writing what is queued for clients (at most {}), then closing",
                            signal.getName(), Durations.format(drainTimeout));
                } else {
                    LOG.info("SIG{}: /readyz answers 503 and new clients are refused; the listener closes in {}; writing "
                            + "what is queued for clients (at most {}), then closing", signal.getName(),
                            Durations.format(acceptGrace), Durations.format(drainTimeout));
                }
                server.drain(drainTimeout, acceptGrace);
                LOG.info("stopped");
                System.exit(ExitCodes.OK);
            }, "switchboard-drain");
            drain.start();
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
