package dev.switchboard.hub;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's one record of which ports are attached. Broadcast walks an array (O(1) add and
 * remove: the last port moves into the hole); lookups by id and the count, which other threads
 * make, read a concurrent map that only the hub thread changes, always together with the array.
 * A port is a member exactly while its {@link RealPort#index} is not negative.
 */
final class PortList {

    private RealPort[] ports = new RealPort[16];
    private int size;
    private final Map<String, RealPort> byId = new ConcurrentHashMap<>();

    /** Adds a port. Hub thread only. */
    void add(RealPort port) {
        if (size == ports.length) {
            ports = Arrays.copyOf(ports, size * 2);
        }
        port.index = size;
        ports[size++] = port;
        byId.put(port.id(), port);
    }

    /** Removes a port; false if it was not a member. Hub thread only. */
    boolean remove(RealPort port) {
        int i = port.index;
        if (i < 0 || i >= size || ports[i] != port) {
            return false;
        }
        RealPort last = ports[--size];
        ports[i] = last;
        last.index = i;
        ports[size] = null;
        port.index = -1;
        byId.remove(port.id());
        return true;
    }

    /** How many ports are attached. Hub thread only; other threads use {@link #count()}. */
    int size() {
        return size;
    }

    /** How many ports are attached, from any thread. */
    int count() {
        return byId.size();
    }

    /** The attached port with this id, from any thread. */
    Optional<RealPort> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The port at position {@code i}, below {@link #size()}. Hub thread only. */
    RealPort get(int i) {
        return ports[i];
    }

    /** A copy, for loops that may end ports while they run. Hub thread only. */
    RealPort[] snapshot() {
        return Arrays.copyOf(ports, size);
    }
}
