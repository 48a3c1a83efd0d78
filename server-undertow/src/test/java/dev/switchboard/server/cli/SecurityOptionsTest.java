package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.security.AuthMethod;
import java.io.PrintWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The security options on the command line: secrets from the environment, clear errors, a start line that says who may attach. */
class SecurityOptionsTest extends CliHarness {

    private Main.Launch launch(Map<String, String> env, String... args) {
        Main.Launch launch = Main.launch(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        running = launch.running().orElse(null);
        return launch;
    }

    @Test
    void theStartLineSaysThatOnlyTheServersOwnOriginMayAttachByDefault() {
        launch(Map.of(), "--listen", "127.0.0.1:0", "--upstream", origin.uri().toString());
        assertThat(running).isNotNull();
        String line = Main.accessLine(running.server());
        assertThat(line).contains("hub default allows the server's own origin only")
                .contains("--allow-origin").contains("authentication none");
    }

    @Test
    void originsAndABearerTokenFromTheEnvironment() {
        launch(Map.of("HUB_TOKEN", "0123456789abcdef-token"), "--listen", "127.0.0.1:0", "--upstream", origin.uri().toString(),
                "--allow-origin", "https://app.example", "--allow-origin", "http://localhost:3000",
                "--auth", "bearer", "--auth-token-env", "HUB_TOKEN", "--require-origin");
        assertThat(running).as(err.toString()).isNotNull();
        var access = running.server().config().security().access("default");
        assertThat(access.origins().origins()).containsExactlyInAnyOrder("https://app.example", "http://localhost:3000");
        assertThat(access.origins().requireOrigin()).isTrue();
        assertThat(access.auth().describe()).isEqualTo("static bearer token");
        assertThat(Main.accessLine(running.server())).contains("https://app.example").contains("requests without Origin refused");
    }

    @Test
    void aMissingSecretIsOneLineNamingTheVariable() {
        assertThat(launch(Map.of(), "--upstream", origin.uri().toString(), "--auth", "bearer").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("SWITCHBOARD_TOKEN").contains("is not set").contains("--auth-token-env");
    }

    @Test
    void aShortTokenABadOriginAndHalfATlsPairAreRefused() {
        assertThat(launch(Map.of("SWITCHBOARD_TOKEN", "short"), "--upstream", origin.uri().toString(), "--auth", "bearer")
                .exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("at least 16");
        err.getBuffer().setLength(0);
        assertThat(launch(Map.of(), "--upstream", origin.uri().toString(), "--allow-origin", "app.example").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("invalid origin 'app.example'");
        err.getBuffer().setLength(0);
        assertThat(launch(Map.of(), "--upstream", origin.uri().toString(), "--tls-cert", "cert.pem").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("--tls-cert and --tls-key go together");
        err.getBuffer().setLength(0);
        assertThat(launch(Map.of(), "--upstream", origin.uri().toString(), "--rate-policy", "maybe").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(oneErrorLine()).contains("write refuse or close");
    }

    @Test
    void jwtTakesItsSecretFromTheEnvironmentAndItsSkewFromTheOption() {
        launch(Map.of("SWITCHBOARD_JWT_SECRET", "0123456789abcdef0123456789abcdef"), "--listen", "127.0.0.1:0",
                "--upstream", origin.uri().toString(), "--auth", "jwt", "--jwt-clock-skew", "5s");
        assertThat(running).as(err.toString()).isNotNull();
        AuthMethod auth = running.server().config().security().access("default").auth();
        assertThat(auth.describe()).contains("HS256").contains("clock skew 5s");
    }
}
