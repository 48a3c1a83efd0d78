package dev.switchboard.bench.driver;

/**
 * The clustered hub beside the single-instance hub, point by point: what the Redis hop adds in
 * CPU per delivery (the server's and redis-server's) and in latency. Empty unless both ran.
 */
final class RelayComparison {

    private RelayComparison() {
    }

    static String markdown(Sweep s) {
        java.util.List<Setup> clustered = s.setups().stream().filter(Setup::clustered).toList();
        if (!s.setups().contains(Setup.HUB) || clustered.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## The Redis relay beside the single-instance hub\n\n"
                + "CPU µs per delivery; \"cluster total\" = the clustered set-up's server(s) + its redis-server. Latency in ms from the scheduled send "
                + "time. \"extra p50\" = hub-cluster p50 − hub p50: the hop through Redis (the leader's XADD, the relay's XREAD).\n\n"
                + "| ports | msg/s | payload | cluster set-up | hub server µs | cluster server µs | redis µs | cluster total µs | total ÷ hub "
                + "| p50 hub / cluster | p99 hub / cluster | extra p50 | lost/dup/reord/late hub / cluster | others CPU hub / cluster |\n"
                + "|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|---:|---|---|\n");
        for (Point p : s.plan().points) {
            RunResult hub = s.run(Setup.HUB, p);
            for (Setup c : clustered) {
            RunResult cluster = s.run(c, p);
            if (hub == null || cluster == null || !hub.ok() || !cluster.ok()) {
                continue;
            }
            double total = cluster.serverMicrosPerDelivery() + cluster.relayMicrosPerDelivery();
            md.append(String.format("| %,d | %,d | %s | %s | %s | %s | %s | %s | %.2f× | %s / %s | %s / %s | %s | %s / %s | %s / %s |%n",
                    p.ports(), p.rate(), p.payloadLabel(), c.label, Report.us(hub.serverMicrosPerDelivery()),
                    Report.us(cluster.serverMicrosPerDelivery()), Report.us(cluster.relayMicrosPerDelivery()), Report.us(total),
                    total / hub.serverMicrosPerDelivery(), Fmt.ms(hub.micros("latP50")), Fmt.ms(cluster.micros("latP50")),
                    Fmt.ms(hub.micros("latP99")), Fmt.ms(cluster.micros("latP99")),
                    signedMs(cluster.micros("latP50") - hub.micros("latP50")), losses(hub), losses(cluster),
                    Fmt.pct(hub.otherCores()), Fmt.pct(cluster.otherCores())));
            }
        }
        return md.append('\n').toString();
    }

    private static String signedMs(long micros) {
        return micros < 0 ? "−" + Fmt.ms(-micros) : "+" + Fmt.ms(micros);
    }

    private static String losses(RunResult r) {
        return r.lost() + "/" + r.duplicates() + "/" + r.reordered() + "/" + r.late();
    }
}
