package dev.switchboard.server;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One hub the server offers: its name, used in the clients' URL {@code /hubs/NAME/ws}, and its upstream.
 *
 * @param name     1 to 64 letters, digits, {@code _} or {@code -}
 * @param upstream the upstream URI; which schemes work depends on the transports on the class path
 */
public record HubConfig(String name, URI upstream) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Checks the parts; a bad name is an {@link IllegalArgumentException} that says what a name may hold. */
    public HubConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid hub name '" + name
                    + "': use 1 to 64 letters, digits, '_' or '-', since it becomes part of the URL /hubs/NAME/ws");
        }
    }
}
