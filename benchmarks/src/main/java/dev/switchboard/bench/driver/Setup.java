package dev.switchboard.bench.driver;

/** The three ways the load client can reach the origin's stream. */
enum Setup {
    /** N clients straight to the origin: what Switchboard saves the origin from. */
    DIRECT("direct"),
    /** A minimal Undertow fan-out with one upstream: the front end's physical limit. */
    CEILING("ceiling"),
    /** The packaged server: the thing measured. */
    HUB("hub");

    final String label;

    Setup(String label) {
        this.label = label;
    }
}
