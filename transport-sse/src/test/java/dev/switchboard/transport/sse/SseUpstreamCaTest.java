package dev.switchboard.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettingKey;
import dev.switchboard.api.config.PemCertificates;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.testsupport.TestCertificate;
import dev.switchboard.transport.tck.ListenerRecorder;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sse+https://} against an origin whose certificate a private CA signed (the hub setting
 * {@code upstream-ca}): trusted through the request's certificates and only through them, and
 * the host name still checked.
 */
class SseUpstreamCaTest {

    private static final SseTransportProvider PROVIDER = new SseTransportProvider();

    @TempDir
    Path dir;

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        cleanup.forEach(Runnable::run);
    }

    @Test
    void anOriginSignedByTheUpstreamCaStreams() throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ip:127.0.0.1");
        URI uri = httpsOrigin(ca);
        ListenerRecorder events = new ListenerRecorder();

        connect(uri, ca, events);

        events.expectOpen();
        assertThat(events.expectMessage()).isEqualTo(Message.text("over a private CA"));
        events.expectClosed();
        events.assertNoViolations();
    }

    @Test
    void withoutTheUpstreamCaTheSameOriginIsNotTrusted() throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ip:127.0.0.1");
        URI uri = httpsOrigin(ca);
        ListenerRecorder events = new ListenerRecorder();

        UpstreamConnection connection = PROVIDER.connect(UpstreamRequest.builder(uri).connectTimeout(Duration.ofSeconds(5)).build(), events);
        cleanup.add(connection::cancel);

        assertThat(events.expectFailure()).hasMessageContaining("TLS handshake with upstream " + uri + " failed")
                .hasMessageContaining("unable to find valid certification path").hasMessageContaining("upstream-ca");
        events.assertNoViolations();
    }

    @Test
    void theUpstreamCaDoesNotLiftTheHostNameCheck() throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "dns:other.example");
        URI uri = httpsOrigin(ca);
        ListenerRecorder events = new ListenerRecorder();

        connect(uri, ca, events);

        assertThat(events.expectFailure()).hasMessageContaining("TLS handshake with upstream " + uri + " failed")
                .hasMessageContaining("Hostname 127.0.0.1 not verified").hasMessageContaining("other.example");
        events.assertNoViolations();
    }

    /** An https SSE origin presenting {@code certificate} that sends one event and ends the stream. */
    private URI httpsOrigin(TestCertificate certificate) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext("/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("data: over a private CA\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        cleanup.add(() -> server.stop(0));
        return URI.create("sse+https://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    private void connect(URI uri, TestCertificate ca, ListenerRecorder events) {
        UpstreamRequest request = UpstreamRequest.builder(uri).connectTimeout(Duration.ofSeconds(5))
                .trustedCertificates(PemCertificates.read(ca.certificate(), HubSettingKey.UPSTREAM_CA)).build();
        UpstreamConnection connection = PROVIDER.connect(request, events);
        cleanup.add(connection::cancel);
    }
}
