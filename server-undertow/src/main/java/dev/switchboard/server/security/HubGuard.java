package dev.switchboard.server.security;

import dev.switchboard.api.auth.AuthDecision;
import dev.switchboard.api.auth.Authenticator;
import dev.switchboard.api.auth.HandshakeRequest;
import dev.switchboard.server.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of one hub: every WebSocket handshake and SSE request passes {@link #gate} before any
 * upgrade or stream, in this order: the allowed origins (403), the port limits (503), the
 * authenticator (401). What it lets through carries its {@link AuthDecision.Allow}
 * ({@link #DECISION}), and the token's query parameter is removed from the request, so that it
 * never reaches a port or a log line. It also hands out what each attached client is held to:
 * its place in the port limits, its send limiter and, for SSE, its per-port secret. Thread-safe.
 */
public final class HubGuard {

    /** The authenticator's decision on a request the gate let through. */
    public static final AttachmentKey<AuthDecision.Allow> DECISION = AttachmentKey.create(AuthDecision.Allow.class);

    private static final Logger LOG = LoggerFactory.getLogger(HubGuard.class);
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private final String hub;
    private final HubAccess access;
    private final int maxPorts;
    private final Authenticator authenticator;
    private final PortLimits limits;
    private final PortSecrets secrets;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final ConcurrentMap<String, SendLimiter> postLimiters = new ConcurrentHashMap<>();

    /**
     * @param maxPorts the most clients the hub holds (its {@code max-ports} setting)
     * @param nanoTime the send limiters' time source ({@link System#nanoTime} in production)
     * @param clock    the time a credential's expiry is measured against
     */
    public HubGuard(String hub, HubAccess access, int maxPorts, PortLimits limits, PortSecrets secrets, LongSupplier nanoTime,
                    Clock clock) {
        this.hub = hub;
        this.access = access;
        this.maxPorts = maxPorts;
        this.authenticator = access.auth().forHub(hub);
        this.limits = limits;
        this.secrets = secrets;
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /** A guard that lets everyone in without limits: for tests and embedders that guard elsewhere. */
    public static HubGuard open(String hub) {
        HubAccess anything = new HubAccess(OriginPolicy.of(List.of("*"), false), AuthMethod.none(), SendRate.unlimited());
        return new HubGuard(hub, anything, Integer.MAX_VALUE, new PortLimits(Integer.MAX_VALUE), new PortSecrets(),
                System::nanoTime, Clock.systemUTC());
    }

    /** The hub's name. */
    public String hub() {
        return hub;
    }

    /** A handler that lets a request through to {@code next} only when this hub's door opens for it. */
    public HttpHandler gate(HttpHandler next) {
        return exchange -> {
            String refusal = access.origins().refusal(exchange.getRequestHeaders().getFirst(Headers.ORIGIN),
                    exchange.getRequestHeaders().getFirst(Headers.HOST), exchange.isSecure());
            if (refusal != null) {
                refuse(exchange, StatusCodes.FORBIDDEN, refusal);
                return;
            }
            refusal = limits.refusal(hub, maxPorts, address(exchange));
            if (refusal != null) {
                exchange.getResponseHeaders().put(RETRY_AFTER, "5");
                refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, refusal);
                return;
            }
            AuthDecision decision;
            try {
                decision = authenticator.authenticate(request(exchange));
            } catch (RuntimeException e) {
                LOG.warn("the authenticator of hub '{}' failed; the client is refused", hub, e);
                decision = AuthDecision.deny("the server could not check the credentials");
            }
            // Whatever the outcome, the token is not the ports' business, nor the logs'.
            exchange.getQueryParameters().remove(TokenLocator.QUERY_PARAMETER);
            if (decision instanceof AuthDecision.Deny deny) {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"");
                refuse(exchange, StatusCodes.UNAUTHORIZED, deny.reason());
                return;
            }
            exchange.putAttachment(DECISION, (AuthDecision.Allow) decision);
            next.handleRequest(exchange);
        };
    }

    /** A place for one client of {@code address}, or null when a limit is reached. */
    public PortLimits.Reservation reserve(String address) {
        return limits.reserve(hub, maxPorts, address);
    }

    /** Why a client of {@code address} cannot have a port now, in a sentence; for a reservation that failed. */
    public String limitRefusal(String address) {
        String refusal = limits.refusal(hub, maxPorts, address);
        return refusal != null ? refusal : "hub '" + hub + "' has no room for another client; try again later";
    }

    /** A fresh send limiter for one WebSocket client. */
    public SendLimiter newLimiter() {
        return new SendLimiter(access.sendRate(), nanoTime);
    }

    /** The send limiter of SSE port {@code portId}, shared by its posts. */
    public SendLimiter postLimiter(String portId) {
        return postLimiters.computeIfAbsent(portId, id -> newLimiter());
    }

    /** Forgets SSE port {@code portId}'s limiter, when the port ends. */
    public void forget(String portId) {
        postLimiters.remove(portId);
    }

    /** The secret SSE port {@code portId} shows when it posts. */
    public String secret(String portId) {
        return secrets.secret(hub, portId);
    }

    /** Whether {@code given} is SSE port {@code portId}'s secret. */
    public boolean secretMatches(String portId, String given) {
        return secrets.matches(hub, portId, given);
    }

    /** How long until the credential of {@code decision} expires, if it does; zero when it already has. */
    public Optional<Duration> untilExpiry(AuthDecision.Allow decision) {
        if (decision == null) {
            return Optional.empty();
        }
        return decision.expiresAt().map(at -> {
            Duration left = Duration.between(Instant.now(clock), at);
            return left.isNegative() ? Duration.ZERO : left;
        });
    }

    /** The client's IP address, without its port: limits count addresses, not sockets. */
    public static String address(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source == null) {
            return "unknown";
        }
        return source.getAddress() != null ? source.getAddress().getHostAddress() : source.getHostString();
    }

    private void refuse(HttpServerExchange exchange, int status, String reason) {
        LOG.debug("hub '{}' refused {} with {}: {}", hub, address(exchange), status, reason);
        // The connection may hold an unread upgrade or body: do not keep it.
        exchange.setPersistent(false);
        PlainText.send(exchange, status, reason);
    }

    private HandshakeRequest request(HttpServerExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), new ArrayList<>(values));
        }
        Map<String, String> cookies = new HashMap<>();
        for (Cookie cookie : exchange.requestCookies()) {
            cookies.putIfAbsent(cookie.getName(), cookie.getValue());
        }
        Map<String, List<String>> query = new HashMap<>();
        exchange.getQueryParameters().forEach((name, values) -> query.put(name, new ArrayList<>(values)));
        return new HandshakeRequest(hub, address(exchange), headers, cookies, query);
    }
}
