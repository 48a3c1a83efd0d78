package com.example.switchboard.lines;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.transport.tck.TckOrigin;
import dev.switchboard.transport.tck.TransportCompatibilityKit;

/**
 * Runs every check of the transport compatibility kit against {@code tcp+lines} and a real line
 * server. This is all a plugin needs: name the provider, start an origin; the kit's checks are
 * inherited, and JUnit runs them.
 */
class LinesTransportCompatibilityTest extends TransportCompatibilityKit {

    @Override
    protected TransportProvider provider() {
        return new LinesTransportProvider();
    }

    @Override
    protected TckOrigin startOrigin() throws Exception {
        return LinesTckOrigin.start();
    }
}
