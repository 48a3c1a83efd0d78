package dev.switchboard.server;

import dev.switchboard.api.Hub;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's hubs by name, in the order they were configured. Fixed once built: the server
 * never adds or removes a hub while it runs, so lookups need no locking.
 */
public final class HubDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubDirectory.class);

    private final Map<String, Hub> byName;
    private final AutoCloseable afterHubs;

    /**
     * Holds the given hubs.
     *
     * @throws IllegalArgumentException if two hubs share a name
     */
    public HubDirectory(Collection<Hub> hubs) {
        this(hubs, () -> { });
    }

    /**
     * Holds the given hubs, and closes {@code afterHubs} (e.g. the connection to a cluster's Redis)
     * once every hub is closed.
     *
     * @throws IllegalArgumentException if two hubs share a name
     */
    public HubDirectory(Collection<Hub> hubs, AutoCloseable afterHubs) {
        this.afterHubs = afterHubs;
        Map<String, Hub> map = new LinkedHashMap<>();
        for (Hub hub : hubs) {
            if (map.putIfAbsent(hub.name(), hub) != null) {
                throw new IllegalArgumentException("two hubs are named '" + hub.name() + "': give each hub its own name");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The hub with this name, if there is one. */
    public Optional<Hub> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every hub by name, in configuration order; unmodifiable. */
    public Map<String, Hub> asMap() {
        return byName;
    }

    /**
     * Closes every hub: each ends its ports with {@code SHUTDOWN} and closes its upstream. A hub
     * that fails to close is logged and does not keep the others open.
     */
    @Override
    public void close() {
        for (Hub hub : byName.values()) {
            try {
                hub.close();
            } catch (RuntimeException e) {
                LOG.warn("closing hub '{}' failed", hub.name(), e);
            }
        }
        try {
            afterHubs.close();
        } catch (Exception e) {
            LOG.warn("closing what the hubs shared failed", e);
        }
    }
}
