package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettings;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Origins, tokens and port limits, checked before any upgrade, through a real server. */
class HandshakeAccessTest {

    private static final String TOKEN = "a-static-token-of-32-characters!";

    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(Consumer<SecurityConfig.Builder> security) {
        start(security, settings -> { });
    }

    private void start(Consumer<SecurityConfig.Builder> security, Consumer<HubSettings.Builder> hubSettings) {
        fixture = ServerFixture.start(config -> {
            config.settings(hubSettings);
            SecurityConfig.Builder builder = SecurityConfig.builder();
            security.accept(builder);
            config.security(builder.build());
        }, "default");
    }

    private URI ws() {
        return fixture.uri("default");
    }

    private String self() {
        return "http://127.0.0.1:" + fixture.server().boundAddress().getPort();
    }

    @Test
    void aCrossSiteHandshakeGets403AndNeverAnUpgrade_whileTheOwnOriginAndNonBrowsersAttach() throws Exception {
        start(security -> { });
        TestClient reader = fixture.connect("default");
        fixture.awaitReady("default", 1);

        String evil = Handshake.upgrade(ws(), Map.of("Origin", "https://evil.example"));
        assertThat(Handshake.status(evil)).isEqualTo(403);
        assertThat(evil).doesNotContain("101").contains("origin 'https://evil.example' is not allowed");
        assertThat(Handshake.status(Handshake.get(fixture.http("/hubs/default/events"), Map.of("Origin", "https://evil.example"))))
                .isEqualTo(403);
        assertThat(fixture.hub("default").portCount()).isEqualTo(1);

        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of("Origin", self())))).isEqualTo(101);
        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of()))).isEqualTo(101);

        fixture.origin("default").publish(Message.text("still here"));
        assertThat(reader.nextText()).isEqualTo("still here");
    }

    @Test
    void listedOriginsOnly_andRequestsWithoutOriginRefusedWhenAsked() throws Exception {
        start(security -> security.hubs(HubAccess.defaults().withOrigins(OriginPolicy.of(List.of("https://app.example"), true))));
        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of("Origin", "https://app.example")))).isEqualTo(101);
        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of("Origin", self())))).isEqualTo(403);
        String none = Handshake.upgrade(ws(), Map.of());
        assertThat(Handshake.status(none)).isEqualTo(403);
        assertThat(none).contains("requires an Origin header");
    }

    @Test
    void aBearerTokenIsCheckedBeforeTheUpgrade() throws Exception {
        start(security -> security.hubs(HubAccess.defaults().withAuth(AuthMethod.bearer(TOKEN, "sb"))));
        String missing = Handshake.upgrade(ws(), Map.of());
        assertThat(Handshake.status(missing)).isEqualTo(401);
        assertThat(missing).contains("WWW-Authenticate: Bearer").contains("requires a token");
        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of("Authorization", "Bearer wrong-token-wrong-token")))).isEqualTo(401);
        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of("Authorization", "Bearer " + TOKEN)))).isEqualTo(101);
        assertThat(Handshake.status(Handshake.upgrade(ws(), Map.of("Cookie", "sb=" + TOKEN)))).isEqualTo(101);
        assertThat(Handshake.status(Handshake.upgrade(URI.create(ws() + "?access_token=" + TOKEN), Map.of()))).isEqualTo(101);
        assertThat(Handshake.status(Handshake.get(fixture.http("/hubs/default/events"), Map.of()))).isEqualTo(401);
        assertThat(Handshake.status(Handshake.get(fixture.http("/hubs/default/events?access_token=" + TOKEN), Map.of())))
                .isEqualTo(200);
        assertThat(fixture.hub("default").portCount()).isLessThanOrEqualTo(4);
    }

    @Test
    void portsPerHubAndPerAddressAreCappedWith503() throws Exception {
        start(security -> { }, settings -> settings.maxPorts(2));
        fixture.connect("default");
        fixture.connect("default");
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 2);
        String full = Handshake.upgrade(ws(), Map.of());
        assertThat(Handshake.status(full)).isEqualTo(503);
        assertThat(full).contains("Retry-After").contains("hub 'default' is full");
        assertThatThrownBy(() -> TestClient.connect(ws())).hasStackTraceContaining("503");
        assertThat(fixture.hub("default").portCount()).isEqualTo(2);
    }

    @Test
    void oneAddressHoldsAtMostItsShare() throws Exception {
        start(security -> security.maxPortsPerAddress(1));
        TestClient first = fixture.connect("default");
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 1);
        String second = Handshake.get(fixture.http("/hubs/default/events"), Map.of());
        assertThat(Handshake.status(second)).isEqualTo(503);
        assertThat(second).contains("too many connections from 127.0.0.1");
        first.close();
        // The place is given back when the connection ends.
        await().atMost(TestClient.WAIT).until(() -> fixture.hub("default").portCount() == 0);
        await().atMost(TestClient.WAIT).until(() -> Handshake.status(Handshake.upgrade(ws(), Map.of())) == 101);
    }
}
