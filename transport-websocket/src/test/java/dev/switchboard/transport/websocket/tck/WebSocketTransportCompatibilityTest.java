package dev.switchboard.transport.websocket.tck;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.transport.tck.TckOrigin;
import dev.switchboard.transport.tck.TransportCompatibilityKit;
import dev.switchboard.transport.websocket.WebSocketTransportProvider;

/** Runs the transport compatibility kit against the WebSocket transport and a real WebSocket server. */
class WebSocketTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected TransportProvider provider() {
        return new WebSocketTransportProvider();
    }

    @Override
    protected TckOrigin startOrigin() throws Exception {
        return WebSocketTckOrigin.launch();
    }
}
