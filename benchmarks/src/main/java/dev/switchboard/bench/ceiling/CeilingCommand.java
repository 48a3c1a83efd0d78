package dev.switchboard.bench.ceiling;

import dev.switchboard.bench.common.ControlLoop;
import dev.switchboard.bench.common.Fanout;
import dev.switchboard.bench.common.Listen;
import dev.switchboard.bench.common.Props;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ceiling: the physical limit of the front end. A minimal Undertow server, built exactly as
 * the packaged server builds its own ({@code Undertow.builder()} with default threads and buffers),
 * at the same URL ({@code /hubs/default/ws}), with one upstream WebSocket to the origin whose
 * frames it writes to all clients with {@code WebSockets.sendBinary}. It answers
 * {@code GET /healthz} in the packaged server's shape, so the driver probes both alike.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
        description = "Run the ceiling server: one upstream, each frame written to every client, no hub logic.")
public final class CeilingCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, description = "127.0.0.1:PORT to listen on")
    String listen;

    @Option(names = "--upstream", required = true, description = "the origin, e.g. ws://127.0.0.1:9001/feed/ceiling")
    URI upstream;

    @Override
    public Integer call() throws Exception {
        Listen at = Listen.parse(listen);
        Fanout clients = new Fanout();
        UpstreamRelay relay = new UpstreamRelay(clients);
        Undertow undertow = Undertow.builder()
                .addHttpListener(at.port(), at.host())
                .setHandler(Handlers.path()
                        .addExactPath("/hubs/default/ws", Handlers.websocket((WebSocketHttpExchange ex, WebSocketChannel ch) -> {
                            clients.add(ch);
                            ch.getReceiveSetter().set(new AbstractReceiveListener() { });
                            ch.resumeReceives();
                        }))
                        .addExactPath("/healthz", exchange -> health(exchange, relay, clients)))
                .build();
        undertow.start();
        try {
            relay.connect(upstream);
            ControlLoop.announce("READY pid=" + ProcessHandle.current().pid());
            ControlLoop.run(command -> command.word().equals("stats")
                    ? Props.line("OK").put("ports", clients.size()).put("frames", relay.frames())
                            .put("overflowClosed", clients.overflowClosed()).toString()
                    : "ERR unknown command '" + command.word() + "': use stats or quit");
        } finally {
            undertow.stop();
        }
        return 0;
    }

    private static void health(HttpServerExchange exchange, UpstreamRelay relay, Fanout clients) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"status\":\"ok\",\"hubs\":{\"default\":{\"upstream\":\"" + relay.state()
                + "\",\"ports\":" + clients.size() + "}}}");
    }
}
