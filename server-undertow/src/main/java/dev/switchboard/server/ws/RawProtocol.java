package dev.switchboard.server.ws;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.SendResult;
import java.util.Optional;

/**
 * Raw mode: the client sees exactly the upstream's frames and its frames go upstream unchanged,
 * text as text and binary as binary. Hub items that are not upstream messages (welcome, status,
 * gap) are acknowledged without writing, since a raw client would not understand them; liveness
 * is WebSocket ping and pong, which clients answer on their own.
 */
public final class RawProtocol implements PortProtocol {

    @Override
    public Optional<String> subprotocol() {
        return Optional.empty();
    }

    @Override
    public PortSession open(ClientHandshake handshake, ClientSocket socket) {
        return new Session(AttachOptions.live(handshake.remote()), socket);
    }

    /** Raw mode keeps no state of its own: the socket and the attach options are all it needs. */
    private static final class Session implements PortSession {
        private final AttachOptions options;
        private final ClientSocket socket;

        Session(AttachOptions options, ClientSocket socket) {
            this.options = options;
            this.socket = socket;
        }

        @Override
        public AttachOptions attachOptions() {
            return options;
        }

        @Override
        public void deliver(Downstream item, DeliveryCallback callback) {
            if (item instanceof Downstream.Data data) {
                socket.deliver(data.message(), callback);
            } else {
                callback.delivered();
            }
        }

        @Override
        public void ping() {
            socket.ping();
        }

        /**
         * Sends the message upstream. A rejected message ends the port with
         * {@link EndReason#REJECTED}, which closes the client with 1013 and the rejection's
         * detail: raw mode has no way to report one lost message, and a silent drop would look
         * like success.
         */
        @Override
        public void received(Message message, Port port) {
            port.send(message).whenComplete((result, failure) -> {
                if (failure != null) {
                    port.end(EndReason.ERROR, "sending upstream failed: " + failure.getMessage());
                } else if (result.status() == SendResult.Status.REJECTED) {
                    port.end(EndReason.REJECTED, "upstream refused the message: " + result.detail());
                }
            });
        }
    }
}
