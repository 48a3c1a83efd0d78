package dev.switchboard.bench.driver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The running processes of a sweep: one origin, the two ceiling servers and the packaged hub server
 * (each with one upstream connection to the origin), the clustered hub server and its
 * redis-server, and the load client. All on 127.0.0.1.
 */
final class Lab implements AutoCloseable {

    /** How the driver sees one set-up: where clients connect, which process serves them, and its state. */
    interface Target {
        Setup setup();

        URI clientUrl();

        /** Where clients connect, the load split evenly between them; one URL but for hub-cluster-2. */
        default List<URI> clientUrls() {
            return List.of(clientUrl());
        }

        long serverPid();

        /** Every server process of the set-up, whose CPU is added up. */
        default List<Long> serverPids() {
            return List.of(serverPid());
        }

        /** Ports (client connections) the server has attached; -1 when it does not answer. */
        int ports();

        /** The redis-server the set-up relays through, or -1: its CPU is reported beside the server's. */
        default long relayPid() {
            return -1;
        }

        /** Whether the server's upstream is open (always true for direct). */
        boolean upstreamOpen();

        /** The origin's group this set-up's traffic is published to. */
        default String group() {
            return setup().label;
        }
    }

    final Child origin;
    final Child client;
    private final List<AutoCloseable> all = new ArrayList<>();
    private final Map<Setup, Target> targets = new EnumMap<>(Setup.class);
    private final int originPort;

    Lab(Path benchJar, Path serverJar, Path logs, List<Setup> setups, List<String> hubExtraJvm, List<String> hubExtraArgs,
        List<String> clientArgs) {
        boolean ok = false;
        try {
            originPort = FreePort.find();
            origin = add(Child.control("origin", command(JvmFlags.SERVER, List.of(), benchJar, "origin",
                    "--listen", "127.0.0.1:" + originPort), logs.resolve("origin.log")));
            origin.awaitReady(Duration.ofSeconds(60));
            targets.put(Setup.DIRECT, new DirectTarget());
            for (Setup ceiling : List.of(Setup.CEILING, Setup.NIO_CEILING)) {
                if (setups.contains(ceiling)) {
                    startCeiling(ceiling, benchJar, logs);
                }
            }
            if (setups.contains(Setup.HUB)) {
                targets.put(Setup.HUB, startHub(Setup.HUB, "hub", serverJar, logs, hubExtraJvm, hubExtraArgs, null));
            }
            if (setups.contains(Setup.HUB_CLUSTER)) {
                RedisProcess redis = add(RedisProcess.start(RedisProcess.BINARY, logs.resolve("hub-cluster"), Duration.ofSeconds(30)));
                targets.put(Setup.HUB_CLUSTER, startHub(Setup.HUB_CLUSTER, "hub-cluster", serverJar, logs, hubExtraJvm, hubExtraArgs, redis));
            }
            if (setups.contains(Setup.HUB_CLUSTER_2)) {
                // Its own redis-server: the hubs of both clustered set-ups are named "default", so they would share keys.
                RedisProcess redis = add(RedisProcess.start(RedisProcess.BINARY, logs.resolve("hub-cluster-2"), Duration.ofSeconds(30)));
                HttpTarget a = startHub(Setup.HUB_CLUSTER_2, "hub-cluster-2a", serverJar, logs, hubExtraJvm, hubExtraArgs, redis);
                HttpTarget b = startHub(Setup.HUB_CLUSTER_2, "hub-cluster-2b", serverJar, logs, hubExtraJvm, hubExtraArgs, redis);
                targets.put(Setup.HUB_CLUSTER_2, new SplitTarget(List.of(a, b)));
            }
            List<String> clientCommand = new ArrayList<>(List.of("client"));
            clientCommand.addAll(clientArgs);
            client = add(Child.control("client", command(JvmFlags.CLIENT, List.of(), benchJar, clientCommand.toArray(String[]::new)),
                    logs.resolve("client.log")));
            client.awaitReady(Duration.ofSeconds(60));
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /**
     * The packaged server's command line: the sweep's JVM options, then {@code extraJvm} (so that
     * they win), then the server's options, then {@code extraArgs}; clustered through
     * {@code cluster} unless it is null.
     */
    static List<String> hubCommand(Path serverJar, int port, String upstream, List<String> extraJvm, List<String> extraArgs,
                                   String cluster) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmFlags.java());
        cmd.addAll(JvmFlags.SERVER);
        cmd.addAll(extraJvm);
        cmd.addAll(List.of("-jar", serverJar.toString(), "--listen", "127.0.0.1:" + port,
                "--upstream", upstream, "--linger", "30s",
                // Every load client connects from 127.0.0.1: the per-address limit would refuse all but 256.
                "--max-ports-per-address", "1000000"));
        if (cluster != null) {
            cmd.addAll(List.of("--cluster", cluster));
        }
        cmd.addAll(extraArgs);
        return cmd;
    }

    /**
     * Starts the packaged server for {@code setup}, with one upstream to its origin group; with
     * {@code redis}, clustered through it ({@code --cluster}).
     */
    private HttpTarget startHub(Setup setup, String name, Path serverJar, Path logs, List<String> extraJvm, List<String> extraArgs,
                                RedisProcess redis) {
        int port = FreePort.find();
        List<String> cmd = hubCommand(serverJar, port, upstream(setup.label), extraJvm, extraArgs,
                redis == null ? null : redis.uri().toString());
        Child hub = add(Child.plain(name + " server", cmd, logs.resolve(name + ".log")));
        Health health = new Health(port);
        Waits.until(Duration.ofSeconds(60), "the " + name + " server to answer /healthz on port " + port + " (see " + hub.log + ")",
                () -> {
                    if (!hub.isAlive()) {
                        throw new BenchException("the " + name + " server exited at start" + hub.logTail());
                    }
                    return health.body() != null;
                });
        return new HttpTarget(setup, port, hub, redis);
    }

    /** Starts a ceiling server, whose subcommand is its set-up's label, with one upstream to its origin group. */
    private void startCeiling(Setup setup, Path benchJar, Path logs) {
        int port = FreePort.find();
        Child ceiling = add(Child.control(setup.label, command(JvmFlags.SERVER, List.of(), benchJar, setup.label,
                "--listen", "127.0.0.1:" + port, "--upstream", upstream(setup.label)), logs.resolve(setup.label + ".log")));
        ceiling.awaitReady(Duration.ofSeconds(60));
        targets.put(setup, new HttpTarget(setup, port, ceiling, null));
    }

    private <T extends AutoCloseable> T add(T c) {
        all.add(c);
        return c;
    }

    private String upstream(String group) {
        return "ws://127.0.0.1:" + originPort + "/feed/" + group;
    }

    private static List<String> command(List<String> jvm, List<String> extra, Path jar, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JvmFlags.java());
        cmd.addAll(jvm);
        cmd.addAll(extra);
        cmd.addAll(List.of("-cp", jar.toString(), "dev.switchboard.bench.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    Target target(Setup setup) {
        Target t = targets.get(setup);
        if (t == null) {
            throw new BenchException("set-up " + setup.label + " was not started");
        }
        return t;
    }

    /** Connections the origin holds in {@code group}. */
    int originConnections(String group) {
        return (int) origin.request("count group=" + group, Duration.ofSeconds(10)).num("connections");
    }

    /** Stops every process: the client first, so the servers see their connections close. */
    @Override
    public void close() {
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                System.err.println("warning: stopping a child failed: " + e);
            }
        }
    }

    private final class DirectTarget implements Target {
        @Override
        public Setup setup() {
            return Setup.DIRECT;
        }

        @Override
        public URI clientUrl() {
            return URI.create(upstream("direct"));
        }

        @Override
        public long serverPid() {
            return origin.pid();
        }

        @Override
        public int ports() {
            return originConnections("direct");
        }

        @Override
        public boolean upstreamOpen() {
            return true;
        }
    }

    private final class HttpTarget implements Target {
        private final Setup setup;
        private final int port;
        private final Child process;
        private final RedisProcess relay;
        private final Health health;

        HttpTarget(Setup setup, int port, Child process, RedisProcess relay) {
            this.setup = setup;
            this.port = port;
            this.process = process;
            this.relay = relay;
            this.health = new Health(port);
        }

        @Override
        public long relayPid() {
            if (relay == null) {
                return -1;
            }
            if (!relay.isAlive()) {
                throw new BenchException("redis-server of " + setup.label + " is no longer running");
            }
            return relay.pid();
        }

        @Override
        public Setup setup() {
            return setup;
        }

        @Override
        public URI clientUrl() {
            return URI.create("ws://127.0.0.1:" + port + "/hubs/default/ws");
        }

        @Override
        public long serverPid() {
            if (!process.isAlive()) {
                throw new BenchException(process.name + " is no longer running" + process.logTail());
            }
            return process.pid();
        }

        @Override
        public int ports() {
            return health.ports();
        }

        @Override
        public boolean upstreamOpen() {
            return "OPEN".equals(health.upstream()) && originConnections(setup.label) >= 1;
        }
    }

    /** Two clustered servers as one set-up: clients split between them, ports and CPU added up, one upstream for both. */
    private final class SplitTarget implements Target {
        private final List<HttpTarget> parts;

        SplitTarget(List<HttpTarget> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        public Setup setup() {
            return parts.get(0).setup();
        }

        @Override
        public URI clientUrl() {
            return parts.get(0).clientUrl();
        }

        @Override
        public List<URI> clientUrls() {
            return parts.stream().map(HttpTarget::clientUrl).toList();
        }

        @Override
        public long serverPid() {
            return parts.get(0).serverPid();
        }

        @Override
        public List<Long> serverPids() {
            return parts.stream().map(HttpTarget::serverPid).toList();
        }

        @Override
        public long relayPid() {
            return parts.get(0).relayPid();
        }

        @Override
        public int ports() {
            int sum = 0;
            for (HttpTarget t : parts) {
                int p = t.ports();
                if (p < 0) {
                    return -1;
                }
                sum += p;
            }
            return sum;
        }

        @Override
        public boolean upstreamOpen() {
            return parts.stream().allMatch(HttpTarget::upstreamOpen);
        }
    }
}
