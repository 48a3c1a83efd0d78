package dev.switchboard.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks what a module's main code imports, so that breaking a module rule (see
 * {@code docs/architecture.md}) fails the module's build instead of waiting for a review. A
 * module's test calls it on the classes Maven compiled into {@code target/classes}; the tests
 * run in the module's directory. The JDK ({@code java..}, {@code javax..}) is always allowed.
 */
public final class ModuleRules {

    private ModuleRules() {
    }

    /**
     * Fails unless this module's main classes depend only on the JDK and {@code packages}
     * (ArchUnit's notation: {@code "dev.switchboard.api.."} is the package and its subpackages).
     */
    public static void mayImportOnly(String because, String... packages) {
        String[] allowed = new String[packages.length + 2];
        allowed[0] = "java..";
        allowed[1] = "javax..";
        System.arraycopy(packages, 0, allowed, 2, packages.length);
        noClasses().should().dependOnClassesThat().resideOutsideOfPackages(allowed)
                .because(because)
                .check(mainClasses());
    }

    /** Fails if any of this module's main classes depends on a class in {@code packages}. */
    public static void mustNotImport(String because, String... packages) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(packages)
                .because(because)
                .check(mainClasses());
    }

    /**
     * Fails if a main class outside {@code owner} (ArchUnit's notation) depends on a class in
     * {@code packages}: one package of the module is the only door to those libraries.
     */
    public static void onlyMayImport(String owner, String because, String... packages) {
        noClasses().that().resideOutsideOfPackage(owner)
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .because(because)
                .check(mainClasses());
    }

    private static JavaClasses mainClasses() {
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("no compiled classes at " + classes.toAbsolutePath()
                    + "; run this test through Maven from the module's directory");
        }
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        if (imported.isEmpty()) {
            throw new AssertionError("no classes found under " + classes.toAbsolutePath() + "; nothing would be checked");
        }
        return imported;
    }
}
