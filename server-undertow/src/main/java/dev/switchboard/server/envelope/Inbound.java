package dev.switchboard.server.envelope;

import dev.switchboard.api.Message;
import java.util.Optional;

/** An envelope a client sent, decoded. */
public sealed interface Inbound {

    /**
     * A message for the upstream.
     *
     * @param message the message, text or binary
     * @param id      the client's id for it, echoed as {@code ref} in the ack or error
     */
    record Send(Message message, Optional<String> id) implements Inbound {
    }

    /** The answer to a {@code ping}. */
    record Pong() implements Inbound {
    }

    /** The client says goodbye. */
    record Disconnect() implements Inbound {
    }
}
