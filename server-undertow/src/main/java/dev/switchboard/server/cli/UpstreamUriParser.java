package dev.switchboard.server.cli;

import dev.switchboard.api.Redacted;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reads an upstream URL. Only the form is checked here; whether a transport handles the scheme,
 * and whether the URL suits it, is for the hub builder to say when the hub is built.
 */
final class UpstreamUriParser {

    private static final String EXAMPLE = "ws://127.0.0.1:9001/feed";

    private UpstreamUriParser() {
    }

    /**
     * The URI in {@code text}, the value of {@code option}.
     *
     * @throws UsageException naming the text, the problem and an example
     */
    static URI parse(String text, String option) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new UsageException("invalid upstream URL '" + Redacted.uri(text) + "' for " + option + ": " + e.getReason()
                    + " at index " + e.getIndex() + "; write a full URL, e.g. " + EXAMPLE);
        }
        if (uri.getScheme() == null) {
            throw new UsageException("invalid upstream URL '" + Redacted.uri(text) + "' for " + option
                    + ": it has no scheme; write a full URL, e.g. " + EXAMPLE);
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            throw new UsageException("invalid upstream URL '" + Redacted.uri(text) + "' for " + option
                    + ": it has no host; write a full URL, e.g. " + EXAMPLE);
        }
        return uri;
    }
}
