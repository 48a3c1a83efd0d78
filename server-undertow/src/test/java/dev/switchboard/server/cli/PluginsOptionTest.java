package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --plugins DIR} on the command line; loading real plugins is tested end to end in integration-tests (PluginsIT). */
class PluginsOptionTest extends CliHarness {

    @TempDir
    Path temp;


    @Test
    void helpListsPluginsWithItsMeaning() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);

        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--plugins=DIR").contains("A directory of transport plugin jars")
                .contains("every *.jar in it is loaded").contains("Default: none.");
        assertThat(help).contains("/hubs/NAME/events");
    }

    @Test
    void missingDirectoryIsOneLineAndExitCode2() {
        Path missing = temp.resolve("nope");

        assertThat(launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--plugins", missing.toString())
                .exitCode()).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(err.toString()).isEqualTo("plugin directory '" + missing + "' does not exist: create it or drop --plugins"
                + System.lineSeparator());
        assertThat(running).isNull();
    }

    @Test
    void fileInsteadOfADirectoryIsOneLineAndExitCode2() throws Exception {
        Path file = Files.writeString(temp.resolve("plugins.jar"), "x");

        assertThat(launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(), "--plugins", file.toString())
                .exitCode()).isEqualTo(ExitCodes.BAD_INPUT);

        assertThat(err.toString()).isEqualTo("plugin directory '" + file
                + "' is not a directory: give the directory that holds the plugin jars, or drop --plugins" + System.lineSeparator());
    }

    @Test
    void emptyDirectoryStartsWithTheBuiltInTransports() {
        Main.Launch launch = launch("--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(),
                "--plugins", temp.toString());

        assertThat(launch.exitCode()).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(running).isNotNull();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void directoryListsOnlyJarsThatOpenInNameOrder() throws Exception {
        Files.writeString(temp.resolve("notes.txt"), "not a plugin");
        Files.writeString(temp.resolve("broken.jar"), "not a zip");
        Path b = writeEmptyJar(temp.resolve("b.jar"));
        Path a = writeEmptyJar(temp.resolve("A.JAR"));

        PluginDirectory plugins = PluginDirectory.read(temp.toString());

        assertThat(plugins.jars()).containsExactly(a, b);
        assertThat(plugins.skipped()).singleElement().asString().contains("broken.jar").contains("ignored");
        ClassLoader loader = plugins.open(getClass().getClassLoader());
        assertThat(loader).isInstanceOf(URLClassLoader.class);
        assertThat(loader.getParent()).isSameAs(getClass().getClassLoader());
        PluginDirectory.close(loader);
    }

    @Test
    void withoutTheOptionTheServersOwnLoaderIsUsed() {
        assertThat(PluginDirectory.read(null).open(getClass().getClassLoader())).isSameAs(getClass().getClassLoader());
    }

    private static Path writeEmptyJar(Path path) throws Exception {
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(path))) {
            jar.putNextEntry(new java.util.jar.JarEntry("empty.txt"));
            jar.closeEntry();
        }
        return path;
    }
}
