package dev.switchboard.api.spi;

import java.util.Set;

/**
 * A plugin that opens upstream connections for some URI schemes. Found at run time with
 * {@link java.util.ServiceLoader}: list the implementation's class name in
 * {@code META-INF/services/dev.switchboard.api.spi.TransportProvider}.
 *
 * <p>Rules for implementations:
 * <ul>
 *   <li>A public no-argument constructor that does no work: discovery instantiates every
 *       provider on the class path, including ones that will never be used.</li>
 *   <li>A transport knows nothing of hubs or ports: it turns one upstream connection into
 *       {@link UpstreamListener} callbacks and back.</li>
 *   <li>Exactly one installed provider may claim a scheme; two claiming the same scheme is a
 *       configuration error reported with both class names.</li>
 * </ul>
 */
public interface TransportProvider {

    /**
     * The URI schemes this transport handles, lower case, such as {@code ws} and {@code wss}.
     * Must return the same non-empty set on every call.
     */
    Set<String> schemes();

    /**
     * A short name for people: the module or plugin that provides the transport, such as
     * {@code transport-websocket}. Used in error messages that list what is installed.
     */
    default String name() {
        return getClass().getName();
    }

    /**
     * Checks a request without connecting, so that a bad URL or option fails when a hub is
     * built rather than at its first connection.
     *
     * @throws IllegalArgumentException with a sentence that names the bad value and the fix
     */
    default void validate(UpstreamRequest request) {
    }

    /**
     * Starts connecting and returns at once; the outcome reaches {@code listener}, following
     * the rules written on {@link UpstreamListener}. Never throws for network trouble (a
     * refused connection, an unknown host): those are reported through
     * {@link UpstreamListener#onFailure}.
     *
     * @throws IllegalArgumentException only for a request this transport cannot accept at all
     */
    UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener);
}
