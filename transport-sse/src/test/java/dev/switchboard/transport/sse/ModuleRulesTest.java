package dev.switchboard.transport.sse;

import dev.switchboard.testsupport.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleRulesTest {

    @Test
    void theTransportKnowsNothingOfHubsOrTheFrontEnd() {
        ModuleRules.mustNotImport("a transport turns one upstream connection into callbacks and sees only api",
                "dev.switchboard.hub..", "dev.switchboard.server..");
    }
}
