package dev.switchboard.server.ws;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Cursor;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.SendResult;
import dev.switchboard.server.envelope.EnvelopeDecoder;
import dev.switchboard.server.envelope.EnvelopeEncoder;
import dev.switchboard.server.envelope.EnvelopeException;
import dev.switchboard.server.envelope.Inbound;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envelope mode, WebSocket subprotocol {@value #SUBPROTOCOL}: every frame is one JSON envelope
 * ({@code docs/protocol.md}). The hub's items are written as envelopes, in the hub's order; the
 * client's {@code send}, {@code pong} and {@code disconnect} are decoded, and anything unusable is
 * answered with an {@code error} envelope while the connection and every other port carry on.
 *
 * <p>Encoding: one {@link EnvelopeEncoder} per hub, shared by every connection to that hub, so a
 * message's envelope is encoded once however many ports receive it.
 *
 * <p>Writes from two sources share one connection: the hub's items (in the hub's order, through
 * the port's bounded outbox) and this session's own replies, {@code ack} and {@code error}
 * (written from the I/O thread or the hub thread as they arise). That is safe frame-wise: every
 * message is one whole frame, Undertow queues frames on a concurrent queue in the order they are
 * created and writes them one after the other under the channel's lock, so a reply never breaks
 * into a frame in flight; only where a reply falls among the hub's items is unspecified. Replies
 * are bounded: at most {@value #MAX_OUTSTANDING_REPLIES} may be waiting to be written per
 * connection. A client that keeps provoking replies while not reading them (say, a stream of bad
 * envelopes) passes that bound and is ended with {@link EndReason#SLOW}, close code 1008, so it
 * cannot grow the server's memory without bound.
 */
public final class EnvelopeProtocol implements PortProtocol {

    /** The subprotocol that selects envelope mode. */
    public static final String SUBPROTOCOL = "switchboard.v1";

    /**
     * How many {@code ack} and {@code error} envelopes may wait to be written on one connection.
     * Below Undertow's own mark (it stops reading a connection with more than 50 frames waiting to
     * be written; the hub's items in flight and a ping add at most 17 more), so that a client that
     * provokes replies without reading them is told with 1008 rather than merely stalled until its
     * heartbeat deadline.
     */
    public static final int MAX_OUTSTANDING_REPLIES = 32;

    private static final Logger log = LoggerFactory.getLogger(EnvelopeProtocol.class);

    private final ConcurrentMap<String, EnvelopeEncoder> encoders = new ConcurrentHashMap<>();
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private final int maxOutstandingReplies;

    /** Envelope mode with the documented reply bound. */
    public EnvelopeProtocol() {
        this(MAX_OUTSTANDING_REPLIES);
    }

    /** Envelope mode allowing {@code maxOutstandingReplies} unwritten replies per connection. */
    EnvelopeProtocol(int maxOutstandingReplies) {
        if (maxOutstandingReplies < 1) {
            throw new IllegalArgumentException("maxOutstandingReplies " + maxOutstandingReplies + " must be at least 1");
        }
        this.maxOutstandingReplies = maxOutstandingReplies;
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.of(SUBPROTOCOL);
    }

    @Override
    public PortSession open(ClientHandshake handshake, ClientSocket socket) {
        // The server's hubs are fixed while it runs, so this map holds one encoder per hub, no more.
        EnvelopeEncoder encoder = encoders.computeIfAbsent(handshake.hub(), EnvelopeEncoder::new);
        AttachOptions options = AttachOptions.live(handshake.remote());
        Message cursorError = null;
        String since = firstValue(handshake, "since");
        if (since != null && !since.isEmpty()) {
            try {
                options = options.resumingAfter(Cursor.parse(since));
            } catch (IllegalArgumentException e) {
                cursorError = encoder.error("bad-cursor", "since: " + e.getMessage() + "; attached to the live stream only", null);
            }
        }
        return new Session(options, socket, encoder, decoder, cursorError, maxOutstandingReplies);
    }

    private static String firstValue(ClientHandshake handshake, String name) {
        List<String> values = handshake.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** One connection in envelope mode. */
    static final class Session implements PortSession {
        private final AttachOptions options;
        private final ClientSocket socket;
        private final EnvelopeEncoder encoder;
        private final EnvelopeDecoder decoder;
        private final int maxOutstandingReplies;
        /** An error to write right after the welcome (a bad {@code since}); taken once. */
        private final AtomicReference<Message> afterWelcome;
        private final AtomicInteger outstandingReplies = new AtomicInteger();
        private final AtomicBoolean pingInFlight = new AtomicBoolean();
        private volatile boolean finished;

        Session(AttachOptions options, ClientSocket socket, EnvelopeEncoder encoder, EnvelopeDecoder decoder,
                Message afterWelcome, int maxOutstandingReplies) {
            this.options = options;
            this.socket = socket;
            this.encoder = encoder;
            this.decoder = decoder;
            this.afterWelcome = new AtomicReference<>(afterWelcome);
            this.maxOutstandingReplies = maxOutstandingReplies;
        }

        @Override
        public AttachOptions attachOptions() {
            return options;
        }

        /**
         * Writes the item's envelope. The welcome is always the hub's first item; a pending error
         * (a bad {@code since}) is handed to the socket right after it, in the same call, before
         * the hub can hand over anything else. The socket writes frames in the order they are
         * handed to it, so the error is always the envelope right after the welcome, even when the
         * hub keeps several writes in flight. The hub's callback completes when both are written.
         */
        @Override
        public void deliver(Downstream item, DeliveryCallback callback) {
            Message envelope = encoder.encode(item);
            Message pending = item instanceof Downstream.Welcome ? afterWelcome.getAndSet(null) : null;
            if (pending == null) {
                socket.send(envelope, callback);
                return;
            }
            BothWritten both = new BothWritten(callback);
            socket.send(envelope, both);
            socket.send(pending, both);
        }

        /**
         * Writes a {@code ping} envelope, unless the previous one is still unwritten: a client that
         * does not read cannot make pings pile up, and the heartbeat deadline ends it anyway.
         */
        @Override
        public void ping() {
            if (socket.isClosing() || !pingInFlight.compareAndSet(false, true)) {
                return;
            }
            socket.send(encoder.ping(), new DeliveryCallback() {
                @Override
                public void delivered() {
                    pingInFlight.set(false);
                }

                @Override
                public void failed(Throwable cause) {
                    // The connection is broken; its close ends the port. Nothing to add here.
                    pingInFlight.set(false);
                }
            });
        }

        /** Handles one client frame; every outcome is an effect or an error envelope. */
        @Override
        public void received(Message frame, Port port) {
            if (finished) {
                return; // after a disconnect, the connection is closing; later frames mean nothing
            }
            if (!frame.isText()) {
                reply(port, encoder.error("binary-frame", "a binary frame of " + frame.size()
                        + " bytes arrived in envelope mode; send {\"type\":\"send\",\"encoding\":\"base64\",\"data\":\"...\"} instead",
                        null));
                return;
            }
            Inbound inbound;
            try {
                inbound = decoder.decode(frame.text());
            } catch (EnvelopeException e) {
                reply(port, encoder.error(e.code(), e.getMessage(), e.ref().orElse(null)));
                return;
            } catch (RuntimeException e) {
                // A decoder bug must not cost the client its connection: say so, and log it.
                log.warn("decoding an envelope from port {} failed unexpectedly", port.id(), e);
                reply(port, encoder.error("bad-envelope", "the envelope could not be read: " + e, null));
                return;
            }
            if (inbound instanceof Inbound.Send send) {
                send(port, send);
            } else if (inbound instanceof Inbound.Disconnect) {
                finished = true;
                // The close frame first, so the code is 1000 whatever else is in flight; then the
                // port ends, once, with DISCONNECT (the hub's own close finds the socket closing).
                socket.close(CloseCodes.NORMAL, "disconnect");
                port.end(EndReason.DISCONNECT, "the client said disconnect");
            }
            // Pong: the front end has already counted the frame as a sign of life.
        }

        @Override
        public boolean tell(Port port, String code, String text) {
            reply(port, encoder.error(code, text, null));
            return true;
        }

        private void send(Port port, Inbound.Send send) {
            String ref = send.id().orElse(null);
            port.send(send.message()).whenComplete((result, failure) -> {
                if (failure != null) {
                    reply(port, encoder.error("upstream-rejected", "sending upstream failed: " + failure, ref));
                } else if (result.status() == SendResult.Status.REJECTED) {
                    reply(port, encoder.error("upstream-rejected", result.detail(), ref));
                } else if (ref != null) {
                    reply(port, encoder.ack(ref, result));
                }
            });
        }

        /**
         * Writes an {@code ack} or {@code error}, counting it until it is written; past the bound
         * the client is ended with {@code SLOW} (1008) instead.
         */
        private void reply(Port port, Message envelope) {
            if (socket.isClosing()) {
                return;
            }
            if (outstandingReplies.incrementAndGet() > maxOutstandingReplies) {
                outstandingReplies.decrementAndGet();
                String detail = "the client does not read its replies: " + maxOutstandingReplies
                        + " ack and error envelopes were waiting to be written";
                socket.close(CloseCodes.forEnd(EndReason.SLOW), detail);
                port.end(EndReason.SLOW, detail);
                return;
            }
            socket.send(envelope, new DeliveryCallback() {
                @Override
                public void delivered() {
                    outstandingReplies.decrementAndGet();
                }

                @Override
                public void failed(Throwable cause) {
                    outstandingReplies.decrementAndGet();
                }
            });
        }

        /** Completes the hub's callback once when two writes succeeded, or at the first failure. */
        private static final class BothWritten implements DeliveryCallback {
            private final DeliveryCallback callback;
            private final AtomicInteger left = new AtomicInteger(2);
            private final AtomicBoolean done = new AtomicBoolean();

            BothWritten(DeliveryCallback callback) {
                this.callback = callback;
            }

            @Override
            public void delivered() {
                if (left.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
                    callback.delivered();
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (done.compareAndSet(false, true)) {
                    callback.failed(cause);
                }
            }
        }

        /** Replies waiting to be written; for tests. */
        int outstandingReplies() {
            return outstandingReplies.get();
        }
    }
}
