package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Message;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestCertificate;
import dev.switchboard.testsupport.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-cert}/{@code --tls-key}: the listener speaks https and wss with a certificate the test makes. */
class TlsListenerTest {

    @Test
    void clientsConnectWithHttpsAndWss(@TempDir Path dir) throws Exception {
        TestCertificate certificate = TestCertificate.create(dir, "ip:127.0.0.1");
        try (ServerFixture fixture = ServerFixture.start(config -> config.security(
                SecurityConfig.builder().tls(new SecurityConfig.TlsFiles(certificate.certificate(), certificate.key())).build()), "default")) {
            URI wss = fixture.uri("default");
            assertThat(wss.getScheme()).isEqualTo("wss");
            HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingClient()).build();

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + wss.getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket socket = client.newWebSocketBuilder().buildAsync(wss, new WebSocket.Listener() {
                @Override
                public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    first.complete(data.toString());
                    return null;
                }
            }).get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            fixture.awaitReady("default", 1);
            fixture.origin("default").publish(Message.text("over tls"));
            assertThat(first.get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("over tls");
            socket.abort();

            // A client that does not trust the certificate is refused by TLS itself.
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + wss.getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
                    .hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void aKeyFileInAnotherFormIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        TestCertificate certificate = TestCertificate.create(dir, "ip:127.0.0.1");
        Path rsa = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemTls.serverContext(new SecurityConfig.TlsFiles(certificate.certificate(), rsa)))
                .hasMessageContaining("holds no PKCS#8 private key").hasMessageContaining("openssl pkcs8 -topk8");
        assertThatThrownBy(() -> PemTls.serverContext(new SecurityConfig.TlsFiles(certificate.key(), certificate.key())))
                .hasMessageContaining("--tls-cert");
    }
}
