package dev.switchboard.server.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.util.AttachmentKey;

/**
 * Counts handshakes (WebSocket upgrades, SSE requests, message posts) that a hub's endpoint
 * refused, as {@code switchboard_handshakes_rejected_total{hub,cause}}. The front end counts
 * every refusal by its HTTP status on its own ({@link #causeOf}); a check that knows better
 * (an origin check, an authenticator, a limit) may call {@link #rejected} with its own cause
 * instead, and then answers with a status the front end does not count twice: see
 * {@link #counted()}.
 *
 * <p>A cause must come from a short fixed vocabulary ({@code origin}, {@code unauthorized},
 * {@code limit}, ...), never from the request: every distinct value is a time series.
 */
public final class HandshakeRejections {

    private static final AttachmentKey<Boolean> COUNTED = AttachmentKey.create(Boolean.class);

    private final MeterRegistry registry;

    HandshakeRejections(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One handshake to {@code hub} was refused for {@code cause}. */
    public void rejected(String hub, String cause) {
        Counter.builder("switchboard.handshakes.rejected").tag("hub", hub).tag("cause", cause)
                .description("Handshakes a hub's endpoint refused, by cause").register(registry).increment();
    }

    /**
     * The exchange attachment a check sets when it has counted its refusal through
     * {@link #rejected}, so that the status-based count skips it.
     */
    public static AttachmentKey<Boolean> counted() {
        return COUNTED;
    }

    /** The cause for a refusal answered with HTTP {@code status}, from a fixed vocabulary. */
    public static String causeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 413, 414, 431 -> "too_large";
            case 426 -> "not_an_upgrade";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "server_error" : "http_" + (status / 100) + "xx";
        };
    }
}
