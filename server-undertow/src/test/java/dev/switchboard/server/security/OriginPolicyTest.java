package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void byDefaultOnlyThePagesOfTheServerItselfMayAttach() {
        OriginPolicy policy = OriginPolicy.sameOriginOnly();
        assertThat(policy.refusal("http://127.0.0.1:8080", "127.0.0.1:8080", false)).isNull();
        assertThat(policy.refusal("HTTP://LOCALHOST:8080", "localhost:8080", false)).isNull();
        assertThat(policy.refusal("https://hub.example", "hub.example", true)).isNull();
        assertThat(policy.refusal("https://evil.example", "127.0.0.1:8080", false))
                .contains("'https://evil.example' is not allowed").contains("--allow-origin https://evil.example");
        // Same host, other port: another origin.
        assertThat(policy.refusal("http://127.0.0.1:9999", "127.0.0.1:8080", false)).isNotNull();
        assertThat(policy.refusal("null", "127.0.0.1:8080", false)).isNotNull();
    }

    @Test
    void listedOriginsMatchExactlyUpToCaseAndTheDefaultPort() {
        OriginPolicy policy = OriginPolicy.of(List.of("https://App.Example:443", "http://localhost:3000"), false);
        assertThat(policy.refusal("https://app.example", "hub:8080", false)).isNull();
        assertThat(policy.refusal("http://localhost:3000", "hub:8080", false)).isNull();
        assertThat(policy.refusal("http://app.example", "hub:8080", false)).isNotNull();
        assertThat(policy.refusal("https://app.example.evil.example", "hub:8080", false)).isNotNull();
        assertThat(policy.refusal("https://app.example:8443", "hub:8080", false)).isNotNull();
        // Listing origins replaces the default: the server's own origin is no longer implied.
        assertThat(policy.refusal("http://hub:8080", "hub:8080", false)).isNotNull();
    }

    @Test
    void starAllowsEveryOriginOnlyWhenWritten() {
        assertThat(OriginPolicy.of(List.of("*"), false).refusal("https://evil.example", "hub", false)).isNull();
        assertThat(OriginPolicy.of(List.of(), false).anyOrigin()).isFalse();
    }

    @Test
    void aRequestWithoutOriginIsAllowedUnlessTheHubRequiresOne() {
        assertThat(OriginPolicy.sameOriginOnly().refusal(null, "hub", false)).isNull();
        assertThat(OriginPolicy.of(List.of("*"), true).refusal(null, "hub", false)).contains("requires an Origin header");
    }

    @Test
    void aMalformedOriginIsRefusedAtStartWithASentence() {
        assertThatThrownBy(() -> OriginPolicy.of(List.of("https://app.example/path"), false))
                .hasMessageContaining("invalid origin 'https://app.example/path'").hasMessageContaining("scheme://host");
        assertThatThrownBy(() -> OriginPolicy.of(List.of("app.example"), false)).hasMessageContaining("invalid origin");
    }
}
