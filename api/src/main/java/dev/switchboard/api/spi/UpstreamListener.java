package dev.switchboard.api.spi;

import dev.switchboard.api.Message;

/**
 * Receives what happens on one {@link UpstreamConnection}. Every method has an empty default.
 *
 * <h2>Lifecycle rules (every transport follows them, and the transport compatibility kit checks them)</h2>
 * <ol>
 *   <li>Exactly one of {@link #onOpen} or {@link #onFailure} is the first callback.</li>
 *   <li>After {@code onOpen} come any number of {@link #onMessage}, then exactly one of
 *       {@link #onClosed} or {@link #onFailure}.</li>
 *   <li>{@code onClosed} and {@code onFailure} are final: nothing follows either, and exactly
 *       one final callback comes for every connection, however it ends ({@code close()} or
 *       {@code cancel()} during the connect included).</li>
 *   <li>Callbacks for one connection arrive one at a time, never concurrently, on a transport
 *       thread, each seeing the effects of the ones before. They must not block.</li>
 *   <li>If a non-final callback throws, the transport cancels the connection and reports the
 *       exception through {@code onFailure}. An exception from a final callback is logged.</li>
 *   <li>A silent upstream is a failure: the transport watches the connection (a WebSocket
 *       ping/pong deadline, a read timeout) and reports {@code onFailure} when it goes quiet
 *       for longer than the request's heartbeat timeout.</li>
 * </ol>
 */
public interface UpstreamListener {

    /**
     * The close code by which an upstream asks its clients to stop reconnecting (an SSE origin
     * answering {@code 204 No Content}). A transport reports it as {@code onOpen} followed at once
     * by {@code onClosed(connection, STOP, reason)}; the hub then goes idle instead of retrying.
     */
    int STOP = 204;

    /** The connection is open; {@link UpstreamConnection#send} now queues messages. */
    default void onOpen(UpstreamConnection connection) {
    }

    /** A message arrived from the upstream, with its event id and type when the protocol has them. */
    default void onMessage(UpstreamConnection connection, Message message) {
    }

    /**
     * The upstream gave advice on how long to wait before reconnecting (an SSE {@code retry:}
     * field). Not final; may come at any time after {@code onOpen}.
     */
    default void onRetryAdvice(UpstreamConnection connection, java.time.Duration delay) {
    }

    /**
     * The connection closed in an orderly way. Final.
     *
     * @param code   the close code (WebSocket codes; 1000 for a normal end of other protocols)
     * @param reason the reason the peer gave, never null (may be empty)
     */
    default void onClosed(UpstreamConnection connection, int code, String reason) {
    }

    /**
     * The connection failed: it could not be opened, broke, went silent, or a callback threw.
     * Final.
     */
    default void onFailure(UpstreamConnection connection, Throwable cause) {
    }
}
