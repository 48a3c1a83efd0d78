package dev.switchboard.server;

import dev.switchboard.api.config.HubNames;
import dev.switchboard.api.config.HubSettings;
import java.net.URI;
import java.util.Objects;

/**
 * One hub the server offers: its name, used in the clients' URL {@code /hubs/NAME/ws}, its
 * upstream, and its settings.
 *
 * @param name     1 to 64 letters, digits, {@code _} or {@code -} ({@link HubNames})
 * @param upstream the upstream URI; which schemes work depends on the transports on the class path
 * @param settings everything else about the hub
 */
public record ServedHub(String name, URI upstream, HubSettings settings) {

    /** Checks the parts; a bad name is an {@link IllegalArgumentException} that says what a name may hold. */
    public ServedHub {
        HubNames.check(name);
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(settings, "settings");
    }
}
