package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortSecretsTest {

    @Test
    void onlyThePortsOwnSecretMatches() {
        PortSecrets secrets = new PortSecrets();
        String secret = secrets.secret("default", "p1");
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(secrets.matches("default", "p1", secret)).isTrue();
        assertThat(secrets.matches("default", "p2", secret)).isFalse();
        assertThat(secrets.matches("other", "p1", secret)).isFalse();
        assertThat(secrets.matches("default", "p1", null)).isFalse();
        assertThat(secrets.matches("default", "p1", "p1")).isFalse();
        // Another server (another key) gives other secrets.
        assertThat(new PortSecrets().secret("default", "p1")).isNotEqualTo(secret);
    }
}
