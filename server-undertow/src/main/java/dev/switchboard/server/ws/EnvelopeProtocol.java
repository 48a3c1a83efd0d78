package dev.switchboard.server.ws;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.SendResult;
import dev.switchboard.server.attach.ResumeCursor;
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
 * into a frame in flight; only where a reply falls among the hub's items is unspecified.
 *
 * <p>Replies are flow-controlled ({@link ReplyBudget}): with {@value #MAX_OUTSTANDING_REPLIES}
 * replies owed (sends read but not yet answered, or answers not yet written) the connection stops
 * reading the client's frames, and it reads on once no more than {@value #RESUME_REPLIES} are
 * owed. A client that pipelines sends while reading its replies is therefore only slowed down,
 * never ended; one that does not read them is ended with {@link EndReason#SLOW}, close code
 * 1008, once reading stayed paused for {@link #REPLY_DEADLINE}, so it cannot grow the server's
 * memory without bound.
 */
public final class EnvelopeProtocol implements PortProtocol {

    /** The subprotocol that selects envelope mode. */
    public static final String SUBPROTOCOL = "switchboard.v1";

    /**
     * The high-water mark: with this many replies owed, reading the client's frames pauses.
     * Below Undertow's own mark (it stops reading a connection with more than 50 frames waiting to
     * be written; the hub's items in flight and a ping add at most 17 more), so that this session
     * decides when reading pauses, and can set the deadline.
     */
    public static final int MAX_OUTSTANDING_REPLIES = 32;
    /** The low-water mark: reading resumes once no more replies than this are owed. */
    public static final int RESUME_REPLIES = 8;
    /**
     * The hard bound on replies owed: frames already read when reading paused still get their
     * replies, up to this many; past it the client is ended at once.
     */
    public static final int HARD_REPLY_BOUND = 1024;
    /** How long reading may stay paused before a client that does not read its replies is ended. */
    public static final java.time.Duration REPLY_DEADLINE = java.time.Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(EnvelopeProtocol.class);

    private final ConcurrentMap<String, EnvelopeEncoder> encoders = new ConcurrentHashMap<>();
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private final java.time.Duration replyDeadline;

    /** Envelope mode with the documented reply marks and deadline. */
    public EnvelopeProtocol() {
        this(REPLY_DEADLINE);
    }

    /** Envelope mode ending a client that leaves reading paused for {@code replyDeadline}. */
    EnvelopeProtocol(java.time.Duration replyDeadline) {
        if (replyDeadline.isNegative() || replyDeadline.isZero()) {
            throw new IllegalArgumentException("replyDeadline " + replyDeadline + " must be positive");
        }
        this.replyDeadline = replyDeadline;
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.of(SUBPROTOCOL);
    }

    @Override
    public PortSession open(ClientHandshake handshake, ClientSocket socket) {
        // The server's hubs are fixed while it runs, so this map holds one encoder per hub, no more.
        EnvelopeEncoder encoder = encoders.computeIfAbsent(handshake.hub(), EnvelopeEncoder::new);
        ResumeCursor resume = ResumeCursor.read(handshake.remote(), firstValue(handshake, "since"));
        Message cursorError = resume.problem()
                .map(problem -> encoder.error("bad-cursor", "since: " + problem + "; attached to the live stream only", null))
                .orElse(null);
        return new Session(resume.options(), socket, encoder, decoder, cursorError, replyDeadline);
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
        private final ReplyBudget replies;
        /** An error to write right after the welcome (a bad {@code since}); taken once. */
        private final AtomicReference<Message> afterWelcome;
        /** The client's port, known from its first frame; the budget ends it through this. */
        private volatile Port port;
        private final AtomicBoolean pingInFlight = new AtomicBoolean();
        private volatile boolean finished;

        Session(AttachOptions options, ClientSocket socket, EnvelopeEncoder encoder, EnvelopeDecoder decoder,
                Message afterWelcome, java.time.Duration replyDeadline) {
            this.options = options;
            this.socket = socket;
            this.encoder = encoder;
            this.decoder = decoder;
            this.afterWelcome = new AtomicReference<>(afterWelcome);
            this.replies = new ReplyBudget(MAX_OUTSTANDING_REPLIES, RESUME_REPLIES, HARD_REPLY_BOUND, replyDeadline,
                    new ReplyBudget.Connection() {
                        @Override
                        public void pauseReading(boolean pause) {
                            socket.pauseReading(pause);
                        }

                        @Override
                        public void after(java.time.Duration delay, Runnable task) {
                            socket.after(delay, task);
                        }

                        @Override
                        public void endSlow(String detail) {
                            Port ending = port;
                            if (ending != null) {
                                ending.end(EndReason.SLOW, detail);
                            }
                        }
                    });
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
                socket.deliver(envelope, callback);
                return;
            }
            BothWritten both = new BothWritten(callback);
            socket.deliver(envelope, both);
            socket.deliver(pending, both);
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
            this.port = port;
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
                try (org.slf4j.MDC.MDCCloseable h = org.slf4j.MDC.putCloseable("hub", port.hubName());
                     org.slf4j.MDC.MDCCloseable p = org.slf4j.MDC.putCloseable("port", port.id())) {
                    log.warn("decoding an envelope from port {} failed unexpectedly", port.id(), e);
                }
                reply(port, encoder.error("bad-envelope", "the envelope could not be read: " + e, null));
                return;
            }
            if (inbound instanceof Inbound.Send send) {
                send(port, send);
            } else if (inbound instanceof Inbound.Disconnect) {
                finished = true;
                // One decision: the hub closes the socket with DISCONNECT's code, 1000, unless
                // another end was decided first, whose code then stands.
                port.end(EndReason.DISCONNECT, "the client said disconnect");
            }
            // Pong: the front end has already counted the frame as a sign of life.
        }

        @Override
        public boolean tell(Port port, String code, String text) {
            this.port = port;
            reply(port, encoder.error(code, text, null));
            return true;
        }

        /** Sends upstream; the reply it may need is owed from now until it is written. */
        private void send(Port port, Inbound.Send send) {
            String ref = send.id().orElse(null);
            if (!replies.take()) {
                return;
            }
            port.send(send.message()).whenComplete((result, failure) -> {
                if (failure != null) {
                    write(encoder.error("upstream-rejected", "sending upstream failed: " + failure, ref));
                } else if (result.status() == SendResult.Status.REJECTED) {
                    write(encoder.error("upstream-rejected", result.detail(), ref));
                } else if (ref != null) {
                    write(encoder.ack(ref, result));
                } else {
                    replies.give(); // sent, and no id to acknowledge: nothing owed
                }
            });
        }

        /** Writes an {@code ack} or {@code error} not yet counted, counting it until it is written. */
        private void reply(Port port, Message envelope) {
            if (socket.isClosing() || !replies.take()) {
                return;
            }
            write(envelope);
        }

        /** Writes a reply already counted, and gives its count back once it is written or failed. */
        private void write(Message envelope) {
            if (socket.isClosing()) {
                replies.give();
                return;
            }
            socket.send(envelope, new DeliveryCallback() {
                @Override
                public void delivered() {
                    replies.give();
                }

                @Override
                public void failed(Throwable cause) {
                    replies.give();
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

        /** Replies owed; for tests. */
        int outstandingReplies() {
            return replies.owed();
        }
    }
}
