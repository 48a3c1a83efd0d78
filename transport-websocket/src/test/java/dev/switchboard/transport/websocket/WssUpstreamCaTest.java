package dev.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import dev.switchboard.api.config.HubSettingKey;
import dev.switchboard.api.config.PemCertificates;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.testsupport.TestCertificate;
import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.transport.tck.ListenerRecorder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://} against an origin whose certificate a private CA signed (the hub setting
 * {@code upstream-ca}): trusted through the request's certificates and only through them, and
 * the host name still checked.
 */
class WssUpstreamCaTest {

    private static final WebSocketTransportProvider PROVIDER = new WebSocketTransportProvider();

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void anOriginSignedByTheUpstreamCaOpens() throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ip:127.0.0.1");
        WebSocketOrigin origin = origin(ca).whenOpened(c -> c.send("over a private CA"));
        ListenerRecorder events = new ListenerRecorder();

        UpstreamConnection connection = connect(URI.create("wss://127.0.0.1:" + origin.port() + "/feed"), ca, events);

        events.expectOpen();
        assertThat(events.expectMessage()).isEqualTo(Message.text("over a private CA"));
        connection.close();
        events.expectClosed();
        events.assertNoViolations();
    }

    @Test
    void withoutTheUpstreamCaTheSameOriginIsNotTrusted() throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "ip:127.0.0.1");
        WebSocketOrigin origin = origin(ca);
        URI uri = URI.create("wss://127.0.0.1:" + origin.port() + "/feed");
        ListenerRecorder events = new ListenerRecorder();

        resources.add(PROVIDER.connect(UpstreamRequest.builder(uri).connectTimeout(Duration.ofSeconds(5)).build(), events)::cancel);

        assertThat(events.expectFailure()).hasMessageContaining("TLS handshake with upstream " + uri + " failed")
                .hasMessageContaining("unable to find valid certification path");
        events.assertNoViolations();
    }

    @Test
    void theUpstreamCaDoesNotLiftTheHostNameCheck() throws Exception {
        TestCertificate ca = TestCertificate.create(dir, "dns:other.example");
        WebSocketOrigin origin = origin(ca);
        URI uri = URI.create("wss://127.0.0.1:" + origin.port() + "/feed");
        ListenerRecorder events = new ListenerRecorder();

        connect(uri, ca, events);

        assertThat(events.expectFailure()).hasMessageContaining("TLS handshake with upstream " + uri + " failed")
                .hasMessageContaining("subject alternative name");
        events.assertNoViolations();
    }

    private WebSocketOrigin origin(TestCertificate certificate) throws Exception {
        WebSocketOrigin origin = WebSocketOrigin.startTls(certificate.serverContext());
        resources.add(origin);
        return origin;
    }

    private UpstreamConnection connect(URI uri, TestCertificate ca, ListenerRecorder events) {
        UpstreamRequest request = UpstreamRequest.builder(uri).connectTimeout(Duration.ofSeconds(5))
                .trustedCertificates(PemCertificates.read(ca.certificate(), HubSettingKey.UPSTREAM_CA)).build();
        UpstreamConnection connection = PROVIDER.connect(request, events);
        resources.add(connection::cancel);
        return connection;
    }
}
