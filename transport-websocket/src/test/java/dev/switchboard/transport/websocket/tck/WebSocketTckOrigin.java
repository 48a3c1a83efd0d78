package dev.switchboard.transport.websocket.tck;

import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.transport.tck.TckOrigin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.framing.CloseFrame;

/**
 * The shared test origin, seen through the compatibility kit's {@link TckOrigin}. It answers
 * pings until {@link #goSilent()} and never pings by itself, so that only the client's
 * heartbeat keeps the line busy.
 */
final class WebSocketTckOrigin implements TckOrigin {

    private final WebSocketOrigin origin;

    private WebSocketTckOrigin(WebSocketOrigin origin) {
        this.origin = origin;
    }

    /** Starts the origin and waits until it listens. */
    static WebSocketTckOrigin launch() throws InterruptedException {
        return new WebSocketTckOrigin(WebSocketOrigin.start());
    }

    @Override
    public URI uri() {
        return origin.uri("/tck");
    }

    @Override
    public void publish(String text) {
        origin.publish(text);
    }

    @Override
    public List<String> received() {
        return origin.received().all().stream()
                .map(frame -> frame instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) frame)
                .toList();
    }

    @Override
    public int connectionCount() {
        return origin.openCount();
    }

    @Override
    public void dropConnections() {
        origin.dropConnections();
    }

    @Override
    public void closeConnections() {
        origin.closeConnections(CloseFrame.NORMAL, "closed by the TCK origin");
    }

    @Override
    public void goSilent() {
        origin.goSilent();
    }

    @Override
    public void close() throws InterruptedException {
        origin.close();
    }
}
