package dev.switchboard.server.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Pooled;

/**
 * A demo upstream: a WebSocket server on {@code 127.0.0.1} (a free port) at path {@code /ticks}
 * that sends every connection a JSON tick such as
 * {@code {"symbol":"SWB","price":101.25,"seq":17,"time":"2025-01-01T12:00:00Z"}} on a fixed
 * interval, and echoes every message it receives back to its sender. Used by {@code --demo} so
 * the packaged server runs with no other program.
 */
public final class DemoOrigin implements AutoCloseable {

    /** The interval of {@code --demo}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(DemoOrigin.class);

    private final Undertow undertow;
    private final WebSocketProtocolHandshakeHandler sockets;
    private final ScheduledExecutorService ticker;
    private final URI uri;

    private DemoOrigin(Duration interval) {
        this.sockets = Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new Echo());
            channel.resumeReceives();
        });
        this.undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setHandler(Handlers.path().addExactPath("/ticks", sockets))
                .build();
        undertow.start();
        InetSocketAddress address = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        this.uri = URI.create("ws://127.0.0.1:" + address.getPort() + "/ticks");

        Tick tick = new Tick(System.nanoTime());
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-demo-ticker");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        ticker.scheduleAtFixedRate(() -> {
            try {
                publish(tick);
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again; one bad tick must not stop the demo.
                LOG.warn("demo origin failed to publish a tick", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts a demo origin ticking every 500ms. */
    public static DemoOrigin start() {
        return start(DEFAULT_INTERVAL);
    }

    /**
     * Starts a demo origin ticking every {@code interval}.
     *
     * @throws IllegalArgumentException if the interval is shorter than a millisecond
     */
    public static DemoOrigin start(Duration interval) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("invalid demo tick interval " + interval + ": use at least 1ms");
        }
        return new DemoOrigin(interval);
    }

    /** Where to connect: {@code ws://127.0.0.1:PORT/ticks}. */
    public URI uri() {
        return uri;
    }

    /** Stops ticking and closes every connection. */
    @Override
    public void close() {
        ticker.shutdownNow();
        undertow.stop();
    }

    private void publish(Tick tick) {
        String text;
        try {
            text = JSON.writeValueAsString(tick.next());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        for (WebSocketChannel channel : sockets.getPeerConnections()) {
            if (channel.isOpen()) {
                WebSockets.sendText(text, channel, null);
            }
        }
    }

    /** Sends every message back to whoever sent it, as it came. */
    private static final class Echo extends AbstractReceiveListener {
        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            WebSockets.sendText(message.getData(), channel, null);
        }

        @Override
        @SuppressWarnings("deprecation") // Undertow 2.3 still hands buffered binary data out as XNIO's Pooled
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            try (Pooled<ByteBuffer[]> data = message.getData()) {
                WebSockets.sendBinary(WebSockets.mergeBuffers(data.getResource()), channel, null);
            }
        }
    }
}
