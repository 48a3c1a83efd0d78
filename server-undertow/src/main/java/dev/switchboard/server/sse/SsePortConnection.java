package dev.switchboard.server.sse;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Port;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import dev.switchboard.server.security.HubGuard;
import java.io.IOException;

/**
 * The hub's view of one SSE client. Every item is written as its event and the hub's callback is
 * completed from that write's outcome, once the bytes are flushed, so the hub hands the next item
 * only to a client that took the last one.
 *
 * <p>An SSE client never speaks, so a flushed write is the only sign of life it can give: each one
 * counts as {@link Port#heard()}. A client that stops reading stalls its writes, is heard from no
 * more, and is ended with {@code TIMEOUT} at the heartbeat deadline (or {@code SLOW} first, when
 * its queue fills). A failed write, the heartbeat's included, ends the port with {@code ERROR}; a
 * client that hangs up ends it with {@code CLOSED}.
 */
final class SsePortConnection implements PortConnection {

    private final SseStream stream;
    private final SseEvents events;
    private final byte[] afterWelcome;
    private final HubGuard guard;
    private volatile Port port;

    /**
     * @param afterWelcome an event to write right after the welcome (the {@code bad-cursor} error), or null
     * @param guard        the hub's guard, which gives the welcome its per-port secret
     */
    SsePortConnection(SseStream stream, SseEvents events, byte[] afterWelcome, HubGuard guard) {
        this.stream = stream;
        this.guard = guard;
        this.events = events;
        this.afterWelcome = afterWelcome;
    }

    /** Set once, right after the attach, before the stream's I/O thread runs any write. */
    void attached(Port attachedPort) {
        this.port = attachedPort;
    }

    @Override
    public void deliver(Downstream item, DeliveryCallback callback) {
        byte[] event = item instanceof Downstream.Welcome welcome
                ? events.welcome(welcome, guard.secret(welcome.portId()))
                : events.encode(item);
        if (afterWelcome != null && item instanceof Downstream.Welcome) {
            event = concat(event, afterWelcome);
        }
        stream.write(event, new SseStream.Completion() {
            @Override
            public void written() {
                heard();
                callback.delivered();
            }

            @Override
            public void failed(IOException cause) {
                callback.failed(cause);
            }
        });
    }

    @Override
    public void ping() {
        stream.ping(new SseStream.Completion() {
            @Override
            public void written() {
                heard();
            }

            @Override
            public void failed(IOException cause) {
                Port p = port;
                if (p != null) {
                    p.end(EndReason.ERROR, "writing the heartbeat to the client failed: " + cause);
                }
            }
        });
    }

    @Override
    public void close(PortEnd end) {
        Port p = port;
        if (p != null) {
            guard.forget(p.id());
        }
        stream.finish();
    }

    /** The client's credential expired: says so in an {@code error} event, then ends the port. */
    void credentialExpired() {
        Port p = port;
        if (p == null) {
            return;
        }
        String detail = "the credential expired";
        stream.write(events.error("token-expired", detail + "; reconnect with a fresh token"), new SseStream.Completion() {
            @Override
            public void written() {
                p.end(EndReason.REJECTED, detail);
            }

            @Override
            public void failed(IOException cause) {
                p.end(EndReason.REJECTED, detail);
            }
        });
    }

    private void heard() {
        Port p = port;
        if (p != null) {
            p.heard();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
