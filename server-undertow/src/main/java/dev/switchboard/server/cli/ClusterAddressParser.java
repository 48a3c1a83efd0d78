package dev.switchboard.server.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads the value of {@code --cluster}: {@code redis://HOST:PORT} (or {@code rediss://} for TLS).
 * Whether Redis answers there is checked when the server starts.
 */
final class ClusterAddressParser {

    private static final String EXAMPLE = "redis://127.0.0.1:6379";

    private ClusterAddressParser() {
    }

    /**
     * The Redis address in {@code text}.
     *
     * @throws UsageException naming the text, the problem and an example
     */
    static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new UsageException("invalid --cluster address '" + text + "': " + e.getReason() + "; write it as redis://HOST:PORT, e.g. "
                    + EXAMPLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new UsageException("invalid --cluster address '" + text + "': the scheme must be redis or rediss; write it as "
                    + "redis://HOST:PORT, e.g. " + EXAMPLE);
        }
        if (uri.getHost() == null) {
            throw new UsageException("invalid --cluster address '" + text + "': it has no host; write it as redis://HOST:PORT, e.g. "
                    + EXAMPLE);
        }
        return uri;
    }
}
