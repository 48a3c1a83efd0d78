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
    HUB("hub");

    final String label;

    Setup(String label) {
        this.label = label;
    }
}
