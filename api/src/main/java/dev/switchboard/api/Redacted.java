package dev.switchboard.api;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Shows an upstream URI without its secrets, the one way every output of the project does it:
 * health and status reports, {@code status} envelopes and events, log lines and error messages.
 * Feeds often carry an API key in the query (a browser's EventSource cannot send headers) or a
 * password in the user info, and all of those outputs can be read by people who must not see it.
 *
 * <p>The rule: user info is shown as {@value #MASK}; a query parameter whose name looks secret
 * (see {@link #isSecretName}) keeps its name and has its value shown as {@value #MASK}; other
 * parameters, the scheme, host, port and path are shown as written; a fragment is dropped.
 * For example {@code wss://bob:pw@feed.example.com/v1?apikey=abc&symbol=EUR} is shown as
 * {@code wss://***@feed.example.com/v1?apikey=***&symbol=EUR}.
 */
public final class Redacted {

    /** What a secret value is shown as. */
    public static final String MASK = "***";

    /** Parameter names that are secrets by themselves, compared in lower case. */
    private static final Set<String> SECRET_NAMES = Set.of("key", "sig", "pwd", "pass", "code", "jwt", "hmac");
    /** Parts that make a parameter name secret wherever they appear in it, e.g. {@code x-api-key}. */
    private static final String[] SECRET_PARTS = {
        "key", "token", "secret", "passw", "signature", "auth", "credential", "session", "private", "cookie", "bearer"
    };

    private Redacted() {
    }

    /** {@code uri} as it may be shown, following the rule in the class comment; "null" for null. */
    public static String uri(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.isOpaque()) {
            // mailto:…-like forms have no structure to keep; show the scheme only.
            return uri.getScheme() + ":" + MASK;
        }
        StringBuilder shown = new StringBuilder();
        if (uri.getScheme() != null) {
            shown.append(uri.getScheme()).append(':');
        }
        if (uri.getRawAuthority() != null) {
            shown.append("//");
            if (uri.getRawUserInfo() != null) {
                shown.append(MASK).append('@');
            }
            if (uri.getHost() != null) {
                shown.append(uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                        ? "[" + uri.getHost() + "]" : uri.getHost());
                if (uri.getPort() != -1) {
                    shown.append(':').append(uri.getPort());
                }
            } else {
                // A registry-based authority (no parsable host): it may hold anything.
                String authority = uri.getRawAuthority();
                int at = authority.lastIndexOf('@');
                shown.append(at >= 0 ? authority.substring(at + 1) : authority);
            }
        } else if (uri.getRawSchemeSpecificPart() != null && uri.getRawSchemeSpecificPart().startsWith("//")) {
            shown.append("//"); // an empty authority, as in ws:///feed: shown as written
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            shown.append('?').append(query(uri.getRawQuery()));
        }
        return shown.toString();
    }

    /**
     * {@code text} shown by {@link #uri(URI)} when it is a URI; when it is not (a typo the user
     * must be shown), with user info and secret-looking query values masked all the same.
     */
    public static String uri(String text) {
        if (text == null) {
            return "null";
        }
        try {
            return uri(new URI(text.trim()));
        } catch (java.net.URISyntaxException e) {
            String masked = USER_INFO.matcher(text).replaceFirst("//" + MASK + "@");
            int question = masked.indexOf('?');
            return question < 0 ? masked : masked.substring(0, question + 1) + query(masked.substring(question + 1));
        }
    }

    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile("//[^/?#]*@");

    /** Header names with every value shown as {@value #MASK}: any header may carry a credential. */
    public static java.util.Map<String, String> headers(java.util.Map<String, String> headers) {
        java.util.Map<String, String> shown = new java.util.LinkedHashMap<>();
        headers.keySet().forEach(name -> shown.put(name, MASK));
        return shown;
    }

    /** A raw query with the values of secret-looking parameters masked. */
    public static String query(String rawQuery) {
        StringBuilder shown = new StringBuilder();
        for (String pair : rawQuery.split("&", -1)) {
            if (shown.length() > 0) {
                shown.append('&');
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals >= 0 && isSecretName(decode(name))) {
                shown.append(name).append('=').append(MASK);
            } else {
                shown.append(pair);
            }
        }
        return shown.toString();
    }

    /**
     * Whether a query parameter (or header) name looks like it names a secret: one of
     * {@code key}, {@code sig}, {@code pwd}, {@code pass}, {@code code}, {@code jwt}, {@code hmac},
     * or any name containing {@code key}, {@code token}, {@code secret}, {@code passw},
     * {@code signature}, {@code auth}, {@code credential}, {@code session}, {@code private},
     * {@code cookie} or {@code bearer}, ignoring case. It errs on the side of hiding.
     */
    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT).trim();
        if (SECRET_NAMES.contains(lower)) {
            return true;
        }
        for (String part : SECRET_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String raw) {
        try {
            return java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
