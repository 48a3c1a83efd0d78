package dev.switchboard.api;

import dev.switchboard.testsupport.ModuleRules;
import org.junit.jupiter.api.Test;

class ModuleRulesTest {

    @Test
    void apiImportsNothingButTheJdk() {
        ModuleRules.mayImportOnly("api is the contract every module and plugin compiles against, so it needs the JDK only",
                "dev.switchboard.api..");
    }
}
