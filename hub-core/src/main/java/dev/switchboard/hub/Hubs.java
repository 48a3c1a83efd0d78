package dev.switchboard.hub;

/**
 * Where embedding starts: {@code Hubs.builder("prices").upstream(URI.create("ws://…")).build()}.
 */
public final class Hubs {

    private Hubs() {
    }

    /** A builder for a hub with this name; the name appears in URLs, logs and events. */
    public static HubBuilder builder(String name) {
        return new HubBuilder(name);
    }
}
