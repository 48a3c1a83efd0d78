package dev.switchboard.api.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a client sent when it asked to attach to a hub, as an {@link Authenticator} sees it.
 * Immutable.
 *
 * @param hub     the name of the hub the client asked for
 * @param remote  the client's address, {@code host:port}
 * @param headers the request headers, by lower-case name, each with its values in order
 * @param cookies the request's cookies, by name
 * @param query   the query parameters of the request URL, by name, each with its values in order
 */
public record HandshakeRequest(String hub, String remote, Map<String, List<String>> headers,
                               Map<String, String> cookies, Map<String, List<String>> query) {

    /** Copies the parts and lower-cases the header names. */
    public HandshakeRequest {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(remote, "remote");
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (a, b) -> a));
        cookies = Map.copyOf(cookies);
        query = query.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /** The first value of header {@code name} (any case), if sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The value of cookie {@code name}, if sent. */
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** The first value of query parameter {@code name}, if sent. */
    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
