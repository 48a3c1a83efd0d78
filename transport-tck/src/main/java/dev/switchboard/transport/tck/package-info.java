/**
 * The transport compatibility kit: an abstract JUnit 5 suite that checks a
 * {@link dev.switchboard.api.spi.TransportProvider} against the lifecycle rules of
 * {@link dev.switchboard.api.spi.UpstreamListener}, over real sockets.
 *
 * <p>Start with {@link dev.switchboard.transport.tck.TransportCompatibilityKit}; implement a
 * {@link dev.switchboard.transport.tck.TckOrigin} for your protocol; use
 * {@link dev.switchboard.transport.tck.ListenerRecorder} in your own transport tests too.
 */
package dev.switchboard.transport.tck;
