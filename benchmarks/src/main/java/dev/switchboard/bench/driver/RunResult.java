package dev.switchboard.bench.driver;

import dev.switchboard.bench.common.Props;

/**
 * One measured run of one set-up at one point, with what the client, the origin and
 * {@code /proc} reported. Latencies are microseconds from the scheduled send time. The relay's CPU
 * (the redis-server of a clustered hub; 0 for the others) is kept apart from the server's.
 */
record RunResult(Setup setup, Point point, String error, Props client, Props publish, long serverCpuNanos,
                 long relayCpuNanos, long originCpuNanos, long othersCpuNanos, long wallNanos, int originConnections) {

    /** A run that could not be measured (it is reported with the reason, not dropped). */
    static RunResult failed(Setup setup, Point point, String error) {
        return new RunResult(setup, point, error, null, null, 0, 0, 0, 0, 0, 0);
    }

    boolean ok() {
        return error == null;
    }

    long distinct() {
        return client.num("distinct");
    }

    /** Deliveries per second: distinct deliveries over the publishing time, or over first-scheduled to last-arrival when the tail ran longer. */
    double deliveriesPerSecond() {
        double nominal = client.num("count") / (double) point.rate();
        double window = (client.num("lastArrival") - client.num("firstScheduled")) / 1e9;
        return distinct() / Math.max(nominal, window);
    }

    double deliveriesPerServerCpuSecond() {
        return serverCpuNanos <= 0 ? Double.NaN : distinct() / (serverCpuNanos / 1e9);
    }

    /** Server CPU per distinct delivery, in microseconds (for direct, the origin's). */
    double serverMicrosPerDelivery() {
        return distinct() == 0 ? Double.NaN : serverCpuNanos / 1e3 / distinct();
    }

    /** The relay's (redis-server's) CPU per distinct delivery, in microseconds; NaN for a set-up without one. */
    double relayMicrosPerDelivery() {
        return !setup.clustered() || distinct() == 0 ? Double.NaN : relayCpuNanos / 1e3 / distinct();
    }

    double relayCores() {
        return relayCpuNanos / (double) wallNanos;
    }

    /** The load client's CPU per distinct delivery, in microseconds. */
    double clientMicrosPerDelivery() {
        return distinct() == 0 ? Double.NaN : client.num("cpuNanos") / 1e3 / distinct();
    }

    /** The client used more CPU than the server: the run measures the client as much as the server. */
    boolean clientHeavier() {
        return client.num("cpuNanos") > serverCpuNanos;
    }

    double serverCores() {
        return serverCpuNanos / (double) wallNanos;
    }

    double originCores() {
        return originCpuNanos / (double) wallNanos;
    }

    /** Cores used by processes outside the benchmark (other builds on a shared machine) during the run. */
    double otherCores() {
        return othersCpuNanos / (double) wallNanos;
    }

    /** Other processes used more than a quarter of a core: the machine was shared during this run. */
    boolean contended() {
        return otherCores() > 0.25;
    }

    double clientCores() {
        return client.num("cpuNanos") / (double) client.num("wallNanos");
    }

    /** The client used more than 90% of a core: the figure may be the client's limit, not the server's. */
    boolean clientBound() {
        return clientCores() > 0.9;
    }

    /** Client, origin and server together used more than 90% of the machine's cores. */
    boolean machineBound(int cores) {
        double used = clientCores() + serverCores() + relayCores() + (setup == Setup.DIRECT ? 0 : originCores());
        return used > 0.9 * cores;
    }

    long lost() {
        return client.num("lost");
    }

    long late() {
        return client.num("late");
    }

    long duplicates() {
        return client.num("duplicates");
    }

    long reordered() {
        return client.num("reordered");
    }

    long closed() {
        return client.num("closedDuring");
    }

    long micros(String key) {
        return client.num(key);
    }

    /**
     * Kept up with the offered load: every frame arrived by the deadline, none lost, duplicated or
     * out of order, no connection dropped, and the backlog drained within 5% of the run's length.
     */
    boolean sustained() {
        return ok() && client.str("complete").equals("true") && lost() == 0 && late() == 0 && duplicates() == 0
                && reordered() == 0 && closed() == 0 && deliveriesPerSecond() >= 0.95 * point.offeredDeliveries();
    }
}
