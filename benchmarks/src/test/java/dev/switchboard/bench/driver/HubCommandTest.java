package dev.switchboard.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sweep --hub-jvm} and {@code --hub-arg}: where they go on the packaged server's command line. */
class HubCommandTest {

    private static final Path JAR = Path.of("switchboard-server.jar");

    @Test
    void hubJvmOptionsFollowTheSweepsOwnSoThatTheyWin() {
        List<String> cmd = Lab.hubCommand(JAR, 8080, "ws://127.0.0.1:9/feed/hub",
                List.of("-XX:-UseG1GC", "-XX:+UseParallelGC"), List.of(), null);

        int own = cmd.indexOf("-XX:+UseG1GC");
        int off = cmd.indexOf("-XX:-UseG1GC");
        int jar = cmd.indexOf("-jar");
        assertThat(own).isPositive();
        assertThat(off).isGreaterThan(own).isLessThan(jar);
        assertThat(cmd.indexOf("-XX:+UseParallelGC")).isEqualTo(off + 1);
    }

    @Test
    void hubArgumentsComeAfterTheServersOwnAndTheClusterOption() {
        List<String> cmd = Lab.hubCommand(JAR, 8080, "ws://127.0.0.1:9/feed/hub", List.of(), List.of("--io-threads=1"),
                "redis://127.0.0.1:6380");

        assertThat(cmd.subList(cmd.indexOf("-jar"), cmd.size())).containsExactly("-jar", "switchboard-server.jar",
                "--listen", "127.0.0.1:8080", "--upstream", "ws://127.0.0.1:9/feed/hub", "--linger", "30s",
                "--max-ports-per-address", "1000000", "--cluster", "redis://127.0.0.1:6380", "--io-threads=1");
    }

    @Test
    void withoutExtrasTheHubGetsTheSameJvmOptionsAsTheOtherServers() {
        List<String> cmd = Lab.hubCommand(JAR, 8080, "ws://127.0.0.1:9/feed/hub", List.of(), List.of(), null);

        assertThat(cmd.subList(1, cmd.indexOf("-jar"))).isEqualTo(JvmFlags.SERVER);
    }
}
