package dev.switchboard.server.sse;

import dev.switchboard.api.Hub;
import dev.switchboard.api.Message;
import dev.switchboard.api.Port;
import dev.switchboard.api.SendResult;
import dev.switchboard.server.envelope.EnvelopeEncoder;
import dev.switchboard.server.security.HubGuard;
import dev.switchboard.server.security.SendLimiter;
import io.undertow.util.HttpString;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /hubs/{hub}/messages?port=PORT}: sends the request body upstream as a message from
 * that port, which is how an SSE client, whose stream only goes one way, talks to the upstream.
 *
 * <p>The body is the message: text for a {@code text/*} content type (in its {@code charset},
 * UTF-8 when none is given), binary for any other type or none. Answers:
 * <ul>
 *   <li>{@code 202} with the {@code ack} envelope: the hub took the message ({@code sent}, or
 *       {@code queued} while the upstream reconnects); {@code ref} echoes the optional {@code id}
 *       query parameter;</li>
 *   <li>{@code 503} with the {@code error} envelope, code {@code upstream-rejected}: the hub refused it;</li>
 *   <li>{@code 400}, {@code 403}, {@code 404}, {@code 413}, {@code 429}: one line of text saying what is
 *       wrong (no {@code port} parameter or an unknown charset; a missing or wrong port secret; no such
 *       port; a body larger than the frame size limit; over the port's send rate).</li>
 * </ul>
 *
 * <p>The sender proves it is the port's own client with the port's secret, from its {@code welcome}
 * event: the header {@value #SECRET_HEADER} or the query parameter {@value #SECRET_PARAMETER}. A
 * port id alone is not enough, so no client can speak for another. The message goes upstream
 * exactly as if that port had sent it, in order with its other messages.
 */
public final class MessagesEndpoint implements HttpHandler {

    /** The query parameter naming the sending port. */
    static final String PORT_PARAMETER = "port";
    /** The optional query parameter echoed as the ack's {@code ref}. */
    static final String ID_PARAMETER = "id";
    /** The request header that carries the port's secret. */
    public static final String SECRET_HEADER = "X-Switchboard-Port-Secret";
    /** The query parameter that may carry the port's secret instead. */
    public static final String SECRET_PARAMETER = "secret";
    private static final HttpString SECRET = new HttpString(SECRET_HEADER);

    private final Hub hub;
    private final int maxMessageSize;
    private final EnvelopeEncoder envelopes;
    private final HubGuard guard;

    private MessagesEndpoint(Hub hub, int maxMessageSize, HubGuard guard) {
        this.hub = hub;
        this.guard = guard;
        this.maxMessageSize = maxMessageSize;
        this.envelopes = new EnvelopeEncoder(hub.name());
    }

    /**
     * The handler of {@code hub}'s sends.
     *
     * @param maxMessageSize the largest body, in bytes; a larger one is answered 413
     */
    public static HttpHandler handler(Hub hub, int maxMessageSize, HubGuard guard) {
        return new MessagesEndpoint(hub, maxMessageSize, guard);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String portId = parameter(exchange, PORT_PARAMETER);
        if (portId == null) {
            // A body left unread is not worth keeping the connection for.
            exchange.setPersistent(false);
            plain(exchange, StatusCodes.BAD_REQUEST, "missing query parameter 'port': POST to /hubs/" + hub.name()
                    + "/messages?port=PORT with the port id from the welcome event");
            return;
        }
        Optional<Port> found = hub.port(portId);
        if (found.isEmpty()) {
            exchange.setPersistent(false);
            plain(exchange, StatusCodes.NOT_FOUND, "no such port on hub '" + hub.name()
                    + "': it has ended or never existed; reconnect and use the port id from the new welcome event");
            return;
        }
        Port port = found.get();
        String secret = exchange.getRequestHeaders().getFirst(SECRET);
        if (secret == null) {
            secret = parameter(exchange, SECRET_PARAMETER);
        }
        if (!guard.secretMatches(portId, secret)) {
            exchange.setPersistent(false);
            plain(exchange, StatusCodes.FORBIDDEN, (secret == null ? "missing" : "wrong") + " secret for port '" + portId
                    + "': send the 'secret' of the port's welcome event in the " + SECRET_HEADER + " header");
            return;
        }
        SendLimiter limiter = guard.postLimiter(portId);
        Charset charset;
        try {
            charset = textCharset(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        } catch (IllegalArgumentException e) {
            exchange.setPersistent(false);
            plain(exchange, StatusCodes.BAD_REQUEST, e.getMessage());
            return;
        }
        String ref = parameter(exchange, ID_PARAMETER);
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(maxMessageSize);
        receiver.receiveFullBytes(
                (ex, body) -> {
                    String over = limiter.tryAcquire(body.length);
                    if (over != null) {
                        ex.getResponseHeaders().put(new HttpString("Retry-After"), "1");
                        plain(ex, StatusCodes.TOO_MANY_REQUESTS, "message not sent: " + over);
                        if (limiter.policy() == dev.switchboard.server.security.SendRate.Policy.CLOSE) {
                            port.end(dev.switchboard.api.EndReason.REJECTED, "client sent " + over);
                        }
                        return;
                    }
                    Message message = charset != null ? Message.text(new String(body, charset)) : Message.binary(body);
                    port.heard();
                    // Keeps Undertow from ending the exchange before the hub answers.
                    ex.dispatch(SameThreadExecutor.INSTANCE, () -> port.send(message).whenComplete((result, failure) ->
                            ex.getIoThread().execute(() -> answer(ex, ref, result, failure))));
                },
                (ex, error) -> {
                    ex.setPersistent(false);
                    if (error instanceof Receiver.RequestToLargeException) {
                        plain(ex, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "message larger than the limit of "
                                + maxMessageSize + " bytes (the server's --max-frame-size)");
                    } else {
                        // Not the library's message (an Undertow code and internals): ours.
                        plain(ex, StatusCodes.BAD_REQUEST, "the request body could not be read whole; send it again");
                    }
                });
    }

    private void answer(HttpServerExchange exchange, String ref, SendResult result, Throwable failure) {
        if (failure != null) {
            plain(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "sending upstream failed; the message was not sent");
            return;
        }
        if (result.status() == SendResult.Status.REJECTED) {
            json(exchange, StatusCodes.SERVICE_UNAVAILABLE, envelopes.error("upstream-rejected", result.detail(), ref));
        } else {
            json(exchange, StatusCodes.ACCEPTED, envelopes.ack(ref, result));
        }
    }

    /**
     * The charset of a {@code text/*} body: its {@code charset} parameter, UTF-8 when it has none;
     * null for any other content type, whose body is binary.
     *
     * @throws IllegalArgumentException naming a charset this JVM does not know
     */
    static Charset textCharset(String contentType) {
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("text/")) {
            return null;
        }
        String name = Headers.extractQuotedValueFromHeader(contentType, "charset");
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("unknown charset '" + name + "' in Content-Type '" + contentType
                    + "': send text as UTF-8, e.g. Content-Type: text/plain; charset=utf-8", e);
        }
    }

    private static String parameter(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty() || values.getFirst().isBlank()) {
            return null;
        }
        return values.getFirst();
    }

    private static void json(HttpServerExchange exchange, int status, Message envelope) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(envelope.text());
    }

    private static void plain(HttpServerExchange exchange, int status, String line) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(line + "\n");
    }
}
