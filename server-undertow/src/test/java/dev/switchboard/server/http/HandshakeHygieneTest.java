package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawHttp;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken requests on a raw socket against the real server: each gets its status and a text of ours. */
class HandshakeHygieneTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final ServerFixture fixture = ServerFixture.start("default");

    @AfterEach
    void stop() {
        fixture.close();
    }

    private URI server() {
        return fixture.http("/");
    }

    private static String upgrade(String target, String version, String key) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: " + version + "\r\nSec-WebSocket-Key: " + key;
    }

    /** Every error the project writes: nosniff, and nothing of what the request carried. */
    private static void isOurs(RawHttp.Response response, String... notEchoed) {
        assertThat(response.header("X-Content-Type-Options")).as(response.head()).isEqualTo("nosniff");
        assertThat(response.head()).doesNotContainIgnoringCase("Sec-WebSocket-Location");
        assertThat(response.body()).doesNotContain("UT0").doesNotContain("Exception");
        for (String text : notEchoed) {
            assertThat(response.head() + response.body()).doesNotContain(text);
        }
    }

    @Test
    void aValidHandshakeIsUpgradedWithoutALocationHeader() throws Exception {
        RawHttp.Response response = RawHttp.send(server(), upgrade("/hubs/default/ws", "13", KEY));
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(response.head()).doesNotContainIgnoringCase("Sec-WebSocket-Location");
    }

    @Test
    void a100KilobyteUrlGets414() throws Exception {
        String query = "x=" + "A".repeat(100 * 1024);
        RawHttp.Response response = RawHttp.send(server(), upgrade("/hubs/default/ws?" + query, "13", KEY));
        assertThat(response.status()).isEqualTo(414);
        isOurs(response, "AAAAAAAAAA");
        assertThat(response.body()).startsWith("request URL longer than 8192 bytes");
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        StringBuilder head = new StringBuilder(upgrade("/hubs/default/ws", "13", KEY));
        for (int i = 0; i < 20; i++) {
            head.append("\r\nX-Filler-").append(i).append(": ").append("B".repeat(1024));
        }
        RawHttp.Response response = RawHttp.send(server(), head.toString());
        assertThat(response.status()).isEqualTo(431);
        isOurs(response, "BBBBBBBBBB");
        assertThat(response.body()).startsWith("request headers larger than 16384 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-base64-at-all!!!!!!!", "AAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "short"})
    void aMalformedKeyGets400(String key) throws Exception {
        // Invalid characters; 15 bytes; 24 bytes; too short.
        RawHttp.Response response = RawHttp.send(server(), upgrade("/hubs/default/ws", "13", key));
        assertThat(response.status()).isEqualTo(400);
        isOurs(response, key);
        assertThat(response.body()).startsWith("invalid Sec-WebSocket-Key");
    }

    @Test
    void aMissingKeyGets400() throws Exception {
        RawHttp.Response missing = RawHttp.send(server(), "GET /hubs/default/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13");
        assertThat(missing.status()).isEqualTo(400);
        isOurs(missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "7", "12", "14", "banana"})
    void anotherVersionGets426NamingVersion13(String version) throws Exception {
        RawHttp.Response response = RawHttp.send(server(), upgrade("/hubs/default/ws", version, KEY));
        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
        isOurs(response, "banana");
    }

    @Test
    void anUnknownHubIsAFixedTextThatDoesNotRepeatTheName() throws Exception {
        RawHttp.Response response = RawHttp.send(server(), upgrade("/hubs/%3Cscript%3Ealert(1)%3C%2Fscript%3E/ws", "13", KEY));
        assertThat(response.status()).isEqualTo(404);
        isOurs(response, "script", "alert");
        assertThat(response.body()).isEqualTo("no hub of that name on this server; known hubs: default\n");
    }

    @Test
    void anUnknownPathIsAFixedTextThatDoesNotRepeatThePath() throws Exception {
        RawHttp.Response response = RawHttp.send(server(), "GET /%3Cimg%20src=x%3E HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(response.status()).isEqualTo(404);
        isOurs(response, "img", "src=x");
    }

    @Test
    void aPlainGetOfTheSocketPathGets426WithNosniff() throws Exception {
        RawHttp.Response response = RawHttp.send(server(), "GET /hubs/default/ws HTTP/1.1\r\nHost: 127.0.0.1");
        assertThat(response.status()).isEqualTo(426);
        isOurs(response);
    }
}
