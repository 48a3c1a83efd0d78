package dev.switchboard.server.security;

import dev.switchboard.api.auth.HandshakeRequest;
import java.util.Optional;

/**
 * Where a built-in authenticator finds the client's token, first match wins: the
 * {@code Authorization: Bearer TOKEN} header; the cookie named {@code cookie}, when one is
 * configured; the query parameter {@value #QUERY_PARAMETER}, for browsers, which cannot set
 * headers on a WebSocket. The query parameter is never logged and never reaches a port.
 *
 * @param cookie the cookie that holds the token, or null for none
 */
public record TokenLocator(String cookie) {

    /** The query parameter that may carry the token. */
    public static final String QUERY_PARAMETER = "access_token";

    /** The client's token, if it sent one. */
    public Optional<String> find(HandshakeRequest request) {
        Optional<String> header = request.header("Authorization")
                .map(String::strip)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip())
                .filter(value -> !value.isEmpty());
        if (header.isPresent()) {
            return header;
        }
        if (cookie != null) {
            Optional<String> fromCookie = request.cookie(cookie).filter(value -> !value.isBlank());
            if (fromCookie.isPresent()) {
                return fromCookie;
            }
        }
        return request.queryParameter(QUERY_PARAMETER).filter(value -> !value.isBlank());
    }

    /** Where a token was looked for, for a denial's reason. */
    String places() {
        return "send it as 'Authorization: Bearer TOKEN'" + (cookie == null ? "" : ", in cookie '" + cookie + "'")
                + " or as the query parameter " + QUERY_PARAMETER;
    }
}
