package dev.switchboard.transport.websocket.internal;

import java.util.Collections;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;

/**
 * RFC 6455 with a payload limit, telling its owner about every frame that arrives.
 *
 * <p>The limit goes to Java-WebSocket's max frame size, which it checks against a frame's
 * declared length before reading the payload and against the running total of a fragmented
 * message, failing the connection with close code 1009 either way; so neither one huge frame
 * nor many fragments can exhaust memory.
 *
 * <p>The per-frame hook feeds the heartbeat: every frame counts as a sign of life, including the
 * continuation frames of a long fragmented message and pongs, which the client's public
 * callbacks never show.
 */
final class HeardDraft extends Draft_6455 {

    private final Runnable onFrame;

    HeardDraft(int maxMessageSize, Runnable onFrame) {
        super(Collections.emptyList(), maxMessageSize);
        this.onFrame = onFrame;
    }

    @Override
    public void processFrame(WebSocketImpl webSocket, Framedata frame) throws InvalidDataException {
        onFrame.run();
        super.processFrame(webSocket, frame);
    }

    // Java-WebSocket gives each connection a copy of the draft; keep the hook on the copy.
    @Override
    public Draft copyInstance() {
        return new HeardDraft(getMaxFrameSize(), onFrame);
    }
}
