/**
 * The Server-Sent Events transport: {@code sse+http} and {@code sse+https} upstreams, read with
 * OkHttp's okhttp-sse. Start with {@link dev.switchboard.transport.sse.SseTransportProvider}.
 */
package dev.switchboard.transport.sse;
