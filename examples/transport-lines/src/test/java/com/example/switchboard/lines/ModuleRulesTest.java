package com.example.switchboard.lines;

import dev.switchboard.testsupport.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleRulesTest {

    @Test
    void thePluginNeedsNothingButTheJdkAndTheApi() {
        ModuleRules.mayImportOnly("a plugin jar is loaded beside the server's own classes and may rely on api alone",
                "dev.switchboard.api..", "com.example.switchboard.lines..");
    }
}
