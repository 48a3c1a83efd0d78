package dev.switchboard.hub;

import java.util.Arrays;

/**
 * The attached ports in an array, for broadcast: O(1) add and remove (the last port moves
 * into the hole) and a tight loop to iterate. Hub thread only.
 */
final class PortList {

    private RealPort[] ports = new RealPort[16];
    private int size;

    void add(RealPort port) {
        if (size == ports.length) {
            ports = Arrays.copyOf(ports, size * 2);
        }
        port.index = size;
        ports[size++] = port;
    }

    void remove(RealPort port) {
        int i = port.index;
        if (i < 0 || i >= size || ports[i] != port) {
            return;
        }
        RealPort last = ports[--size];
        ports[i] = last;
        last.index = i;
        ports[size] = null;
        port.index = -1;
    }

    int size() {
        return size;
    }

    RealPort get(int i) {
        return ports[i];
    }

    /** A copy, for loops that may end ports while they run. */
    RealPort[] snapshot() {
        return Arrays.copyOf(ports, size);
    }
}
