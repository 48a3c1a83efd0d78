package dev.switchboard.server.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the ports of every hub and of every client address, so that one client (or one hub's
 * crowd) cannot take all of the server's connections. Checked twice: before a WebSocket upgrade
 * or SSE response ({@link #refusal}, answered 503), and when the port is really taken
 * ({@link #reserve}; a WebSocket that lost the race is closed with 1013). Thread-safe, lock-free.
 */
public final class PortLimits {

    private final int maxPerAddress;
    private final ConcurrentMap<String, AtomicInteger> byHub = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    /** @param maxPerAddress the most ports one client address may hold, over all hubs */
    public PortLimits(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("invalid maximum ports per address " + maxPerAddress + ": use at least 1");
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Why a new port of {@code hub} from {@code address} would be refused now, or null. Reserves nothing. */
    public String refusal(String hub, int maxPerHub, String address) {
        if (count(byHub, hub) >= maxPerHub) {
            return "hub '" + hub + "' is full: it holds its limit of " + maxPerHub + " clients; try again later";
        }
        if (count(byAddress, address) >= maxPerAddress) {
            return "too many connections from " + address + ": the limit is " + maxPerAddress + " per client address";
        }
        return null;
    }

    /**
     * Takes a place for one port, or none when a limit is reached.
     *
     * @return the place, to release exactly when the port's connection ends; null when refused
     */
    public Reservation reserve(String hub, int maxPerHub, String address) {
        AtomicInteger hubCount = byHub.computeIfAbsent(hub, h -> new AtomicInteger());
        if (hubCount.incrementAndGet() > maxPerHub) {
            hubCount.decrementAndGet();
            return null;
        }
        AtomicInteger addressCount = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (addressCount.incrementAndGet() > maxPerAddress) {
            addressCount.decrementAndGet();
            hubCount.decrementAndGet();
            return null;
        }
        return new Reservation(hub, address);
    }

    /** Ports held by {@code address} now. */
    public int portsOf(String address) {
        return count(byAddress, address);
    }

    private static int count(ConcurrentMap<String, AtomicInteger> counts, String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    /** One port's place; {@link #release} gives it back, once. */
    public final class Reservation {
        private final String hub;
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(String hub, String address) {
            this.hub = hub;
            this.address = address;
        }

        /** Gives the place back; later calls do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                byHub.get(hub).decrementAndGet();
                // Addresses come and go: drop a counter that reached zero, so the map stays small.
                byAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }
    }
}
