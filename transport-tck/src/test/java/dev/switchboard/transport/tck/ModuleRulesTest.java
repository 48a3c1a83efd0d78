package dev.switchboard.transport.tck;

import dev.switchboard.testsupport.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleRulesTest {

    @Test
    void theKitSeesOnlyTheSpi() {
        ModuleRules.mayImportOnly("the kit checks any transport through the SPI alone, the way the hub uses it",
                "dev.switchboard.api..", "dev.switchboard.transport.tck..", "org.junit..", "org.assertj..", "org.awaitility..");
    }
}
