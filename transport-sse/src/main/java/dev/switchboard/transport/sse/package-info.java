/**
 * The Server-Sent Events transport: {@code sse+http} and {@code sse+https} upstreams, fetched
 * with OkHttp and parsed by the transport's own bounded reader
 * ({@code SseEventParser}, which follows the WHATWG EventSource rules). Start with
 * {@link dev.switchboard.transport.sse.SseTransportProvider}.
 */
package dev.switchboard.transport.sse;
