package dev.switchboard.transport.websocket.tck;

import dev.switchboard.testsupport.StallingProxy;
import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.transport.tck.TckOrigin;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.framing.CloseFrame;

/**
 * The shared test origin, seen through the compatibility kit's {@link TckOrigin}. It answers
 * pings until {@link #goSilent()} and never pings by itself, so that only the client's
 * heartbeat keeps the line busy. Clients reach it through a {@link StallingProxy}, which is how
 * it stops reading: Java-WebSocket's server reads whatever arrives.
 */
final class WebSocketTckOrigin implements TckOrigin {

    private final WebSocketOrigin origin;
    private final StallingProxy proxy;

    private WebSocketTckOrigin(WebSocketOrigin origin, StallingProxy proxy) {
        this.origin = origin;
        this.proxy = proxy;
    }

    /** Starts the origin and its proxy and waits until they listen. */
    static WebSocketTckOrigin launch() throws InterruptedException, IOException {
        WebSocketOrigin origin = WebSocketOrigin.start();
        return new WebSocketTckOrigin(origin, StallingProxy.to(origin.port()));
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/tck");
    }

    @Override
    public boolean stopReading() {
        proxy.stopReading();
        return true;
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
    public void close() throws InterruptedException, IOException {
        proxy.close();
        origin.close();
    }
}
