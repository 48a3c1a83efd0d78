package dev.switchboard.server;

import dev.switchboard.testsupport.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleRulesTest {

    @Test
    void theServerFindsTransportsAtRunTimeAndNeverImportsThem() {
        ModuleRules.mustNotImport("transports are found with ServiceLoader by URI scheme, so the server works with any of them",
                "dev.switchboard.transport..", "org.java_websocket..", "okhttp3..");
    }

    @Test
    void onlyTheClusterWiringKnowsTheClusterModuleAndRedis() {
        ModuleRules.onlyMayImport("dev.switchboard.server.cluster..",
                "the front end and the CLI work the same with or without --cluster; one package builds clustered hubs",
                "dev.switchboard.cluster..", "io.lettuce..");
    }
}
