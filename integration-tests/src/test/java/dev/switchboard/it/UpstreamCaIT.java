package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.TestCertificate;
import dev.switchboard.testsupport.TestClient;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub whose {@code wss://} origin presents a certificate from a private CA, trusted through the
 * hub's {@code upstream-ca} file: from the setting through the hub to the transport and back to
 * a client.
 */
class UpstreamCaIT {

    @Test
    void aHubTrustsItsUpstreamThroughItsOwnCaFile(@TempDir Path dir) throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ip:127.0.0.1");
        WebSocketOrigin origin = WebSocketOrigin.startTls(ca.serverContext());
        URI upstream = URI.create("wss://127.0.0.1:" + origin.port() + "/feed");
        SwitchboardServer server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0)
                .hub("default", upstream)
                .settings(s -> s.upstreamCa(ca.certificate()))
                .build()).start();
        try (TestClient client = TestClient.connect(server.hubUri("default"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> origin.openCount() == 1);
            origin.publish("through the private CA");
            assertThat(client.nextText()).isEqualTo("through the private CA");
        } finally {
            server.stop();
            origin.close();
        }
    }
}
