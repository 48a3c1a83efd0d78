package dev.switchboard.bench.driver;

/** The ways the load client can reach the origin's stream, in the order they run at every point. */
enum Setup {
    /** N clients straight to the origin: what Switchboard saves the origin from. */
    DIRECT("direct"),
    /** A minimal Undertow fan-out with one upstream: the limit of Undertow's own per-frame path. */
    CEILING("ceiling"),
    /** A minimal fan-out on plain java.nio: one upstream, one pre-encoded frame, one write per connection. The JVM's limit. */
    NIO_CEILING("nio-ceiling"),
    /** The packaged server: the thing measured. */
    HUB("hub"),
    /**
     * The packaged server with {@code --cluster} against a redis-server the sweep starts: one
     * instance, so each message takes one extra hop (the leader's {@code XADD} into Redis, the
     * relay's {@code XREAD} out of it) before the same fan-out as {@link #HUB}.
     */
    HUB_CLUSTER("hub-cluster"),
    /**
     * Two packaged servers with {@code --cluster} against one redis-server, the clients split
     * between them: one leader holds the upstream, both fan out from the stream.
     */
    HUB_CLUSTER_2("hub-cluster-2");

    final String label;

    Setup(String label) {
        this.label = label;
    }

    /** Whether this set-up runs the packaged server (and so needs its jar). */
    boolean packagedServer() {
        return this == HUB || clustered();
    }

    /** Whether this set-up relays through a redis-server the sweep starts. */
    boolean clustered() {
        return this == HUB_CLUSTER || this == HUB_CLUSTER_2;
    }

    /** The set-up called {@code label}; a clear error listing the names otherwise. */
    static Setup named(String label) {
        for (Setup s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown set-up '" + label + "': use any of "
                + String.join(", ", java.util.Arrays.stream(values()).map(s -> s.label).toList()));
    }
}
