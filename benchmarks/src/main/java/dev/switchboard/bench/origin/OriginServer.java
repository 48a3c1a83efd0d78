package dev.switchboard.bench.origin;

import dev.switchboard.bench.common.Fanout;
import dev.switchboard.bench.common.Listen;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The origin's WebSocket endpoint, {@code ws://127.0.0.1:PORT/feed/GROUP}. Connections are kept
 * per group so that one origin process can feed the three set-ups in turn: {@code direct}
 * (the load client itself), {@code ceiling} and {@code hub} (one upstream connection each), and
 * only the group being measured receives frames.
 */
final class OriginServer {

    private final Map<String, Fanout> groups = new ConcurrentHashMap<>();
    private final Undertow undertow;

    OriginServer(Listen listen) {
        undertow = Undertow.builder()
                .addHttpListener(listen.port(), listen.host())
                .setHandler(Handlers.path().addPrefixPath("/feed", Handlers.websocket(this::onConnect)))
                .build();
    }

    void start() {
        undertow.start();
    }

    void stop() {
        undertow.stop();
    }

    Fanout group(String name) {
        return groups.computeIfAbsent(name, n -> new Fanout());
    }

    int totalConnections() {
        return groups.values().stream().mapToInt(Fanout::size).sum();
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        group(groupOf(exchange.getRequestURI())).add(channel);
        // Reading keeps close frames and pings answered (the hub's upstream client pings);
        // the default listener discards anything a client sends.
        channel.getReceiveSetter().set(new AbstractReceiveListener() { });
        channel.resumeReceives();
    }

    /** {@code /feed/hub?x=1} is group {@code hub}; a bare {@code /feed} is group {@code default}. */
    static String groupOf(String uri) {
        String path = uri;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int slash = path.lastIndexOf('/');
        String last = slash >= 0 ? path.substring(slash + 1) : path;
        return last.isEmpty() || last.equals("feed") ? "default" : last;
    }
}
