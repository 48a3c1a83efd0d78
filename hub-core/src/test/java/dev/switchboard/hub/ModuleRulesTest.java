package dev.switchboard.hub;

import dev.switchboard.testsupport.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleRulesTest {

    @Test
    void hubCoreKnowsNoNetworkLibraryNoContainerAndNoFrontEndOrTransport() {
        ModuleRules.mustNotImport("hub-core is tested with an in-memory transport and embedded with a plain builder:"
                        + " network libraries belong to transports and the front end, Guice to the packaged server",
                "io.undertow..", "okhttp3..", "okio..", "org.java_websocket..", "com.google.inject..",
                "dev.switchboard.server..", "dev.switchboard.transport..",
                // The cluster builds on hub-core (HubBuilder.continueStream), never the other way round.
                "dev.switchboard.cluster..", "io.lettuce..", "io.netty..");
    }
}
