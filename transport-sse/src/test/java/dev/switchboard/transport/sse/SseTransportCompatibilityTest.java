package dev.switchboard.transport.sse;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.transport.tck.TckOrigin;
import dev.switchboard.transport.tck.TransportCompatibilityKit;

/** Runs the transport compatibility kit against the SSE transport and a real SSE origin. */
class SseTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected TransportProvider provider() {
        return new SseTransportProvider();
    }

    @Override
    protected TckOrigin startOrigin() throws Exception {
        return SseTestOrigin.start();
    }

    /** SSE sends through the origin's POST endpoint; without post-url it would be receive-only. */
    @Override
    protected void configure(UpstreamRequest.Builder request, TckOrigin origin) {
        request.option("post-url", ((SseTestOrigin) origin).postUrl());
    }
}
