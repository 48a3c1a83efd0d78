package dev.switchboard.server.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may attach to a hub, by the {@code Origin} header a browser sends with every
 * WebSocket handshake and cross-origin request. Without this check any page a user visits could
 * open a WebSocket to the hub and read its stream with the user's cookies (cross-site WebSocket
 * hijacking).
 *
 * <p>Origins are compared exactly as {@code scheme://host[:port]}, case-insensitively, with the
 * scheme's default port left out ({@code https://a.example:443} is {@code https://a.example}).
 * With no origin listed, only the server's own origin is allowed: the page's host and port must
 * be the request's {@code Host}. {@code *} allows every origin and is honoured only when written.
 *
 * @param origins        the allowed origins, normalised; empty means the server's own origin only
 * @param anyOrigin      whether {@code *} was given
 * @param requireOrigin  whether a request without {@code Origin} (a non-browser client) is refused
 */
public record OriginPolicy(Set<String> origins, boolean anyOrigin, boolean requireOrigin) {

    /** Copies the set. */
    public OriginPolicy {
        origins = Set.copyOf(origins);
    }

    /** The default: the server's own origin only; clients without {@code Origin} are let in. */
    public static OriginPolicy sameOriginOnly() {
        return new OriginPolicy(Set.of(), false, false);
    }

    /**
     * A policy from origins as a user writes them: {@code https://app.example}, or {@code *}.
     *
     * @throws IllegalArgumentException naming an origin that is not {@code scheme://host[:port]}
     */
    public static OriginPolicy of(Iterable<String> written, boolean requireOrigin) {
        Set<String> normalised = new LinkedHashSet<>();
        boolean any = false;
        for (String origin : written) {
            if (origin.strip().equals("*")) {
                any = true;
            } else {
                normalised.add(parse(origin));
            }
        }
        return new OriginPolicy(normalised, any, requireOrigin);
    }

    /**
     * Why a request with this {@code Origin} may not attach, or null when it may.
     *
     * @param origin the request's {@code Origin} header, or null when it sent none
     * @param host   the request's {@code Host} header, or null
     * @param secure whether the request came over TLS (for the default port of the server's own origin)
     */
    public String refusal(String origin, String host, boolean secure) {
        if (origin == null || origin.isBlank()) {
            return requireOrigin ? "this hub requires an Origin header, and the request sent none" : null;
        }
        if (anyOrigin) {
            return null;
        }
        String normalised;
        try {
            normalised = parse(origin);
        } catch (IllegalArgumentException e) {
            return "origin '" + origin + "' is not allowed on this hub";
        }
        if (origins.isEmpty()) {
            if (host != null && normalised.equals(parse((secure ? "https://" : "http://") + host.strip()))) {
                return null;
            }
            return "origin '" + origin + "' is not allowed on this hub: only the server's own origin is, "
                    + "unless the server is started with --allow-origin " + origin;
        }
        return origins.contains(normalised) ? null : "origin '" + origin + "' is not allowed on this hub";
    }

    /** What this policy allows, for the start-up line. */
    public String describe() {
        String who = anyOrigin ? "any origin (*)"
                : origins.isEmpty() ? "the server's own origin only (add --allow-origin ORIGIN for pages served elsewhere)"
                : String.join(", ", origins);
        return who + (requireOrigin ? "; requests without Origin refused" : "; requests without Origin allowed");
    }

    /** {@code scheme://host[:port]} in lower case, without the scheme's default port. */
    static String parse(String origin) {
        String text = origin.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw badOrigin(origin);
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw badOrigin(origin);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static IllegalArgumentException badOrigin(String origin) {
        return new IllegalArgumentException("invalid origin '" + origin
                + "': write scheme://host or scheme://host:port with no path, e.g. https://app.example.com, or * for any origin");
    }
}
