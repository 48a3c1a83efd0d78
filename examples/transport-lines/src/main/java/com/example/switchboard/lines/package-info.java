/**
 * An example transport plugin for Switchboard: {@code tcp+lines://HOST:PORT} upstreams, one
 * message per line of UTF-8 text over plain TCP, on the JDK alone.
 *
 * <p>It is written to be copied. Read it in this order:
 * <ol>
 *   <li>{@link com.example.switchboard.lines.LinesTransportProvider}: what ServiceLoader finds
 *       (listed in {@code META-INF/services/dev.switchboard.api.spi.TransportProvider}), the
 *       protocol, and how each request setting is used;</li>
 *   <li>{@code LinesAddress}: checking a request up front, with messages that name the fix;</li>
 *   <li>{@code LinesConnection}: one reader thread that makes every callback, which is how the
 *       lifecycle rules of {@link dev.switchboard.api.spi.UpstreamListener} are kept;</li>
 *   <li>{@code LineReader} and {@code LineWriter}: a bounded line reader, and the writer thread
 *       that keeps {@code send()} from ever blocking;</li>
 *   <li>{@code Failures}: turning socket errors into sentences for users.</li>
 * </ol>
 * The tests show the compatibility kit subclass and a {@code TckOrigin} on a
 * {@link java.net.ServerSocket}.
 */
package com.example.switchboard.lines;
