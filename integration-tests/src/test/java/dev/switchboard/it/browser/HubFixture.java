package dev.switchboard.it.browser;

import java.time.Duration;
import java.util.List;

/**
 * A hub the browser tests attach to: either {@link FakeEnvelopeHub}, a small server written for
 * these tests that speaks the envelope protocol of docs/protocol.md, or {@link RealServerHub}, the
 * real Switchboard server in process with a test upstream behind it.
 */
interface HubFixture extends AutoCloseable {

    /** The hub's envelope-mode WebSocket URL, e.g. {@code ws://127.0.0.1:PORT/hubs/default/ws}. */
    String url();

    /** Makes the upstream publish one text message; it reaches every port. */
    void publish(String text);

    /** How many ports the hub has now. */
    int portCount();

    /** Whether the hub's upstream is open, so that a published message enters the hub. */
    boolean upstreamOpen();

    /** How many connections the upstream has open right now (-1 when the fixture has no upstream). */
    int upstreamConnections();

    /** What ports sent to the upstream, in the order it received them (binary as {@code base64:...}). */
    List<String> sent();

    /** Stops the hub and starts a new one on the same address; the new one has a new epoch. */
    void restart();

    /** Stops the hub without starting it again (its address then refuses connections). */
    void stop();

    /** Starts the hub again after {@link #stop()}, on the same address, with a new epoch. */
    void start();

    /** How long the hub keeps its upstream open after the last port leaves. */
    Duration linger();

    @Override
    void close();
}
