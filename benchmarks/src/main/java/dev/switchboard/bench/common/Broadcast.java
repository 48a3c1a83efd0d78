package dev.switchboard.bench.common;

/** Somewhere one upstream payload is written to every client: the Undertow fan-out or the plain-NIO one. */
public interface Broadcast {

    /** Writes {@code payload} to every client without waiting; returns how many it was handed to. */
    int broadcast(byte[] payload);
}
