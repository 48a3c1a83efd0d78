package dev.switchboard.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Discovery and request validation; nothing here opens a socket. */
class WebSocketTransportProviderTest {

    private final WebSocketTransportProvider provider = new WebSocketTransportProvider();

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(WebSocketTransportProvider.class);
    }

    @Test
    void claimsWsAndWssUnderItsModuleName() {
        assertThat(provider.schemes()).containsExactlyInAnyOrder("ws", "wss");
        assertThat(provider.schemes()).isEqualTo(provider.schemes());
        assertThat(provider.name()).isEqualTo("transport-websocket");
    }

    @Test
    void acceptsOrdinaryUrls() {
        provider.validate(request("ws://127.0.0.1:9001/feed"));
        provider.validate(request("wss://feed.example.com/stream?topic=a"));
        provider.validate(request("WSS://feed.example.com"));
        provider.validate(UpstreamRequest.builder(URI.create("ws://[::1]:9001/")).header("X-Api-Key", "k").build());
    }

    @Test
    void rejectsAUrlWithoutAHost() {
        assertThatThrownBy(() -> provider.validate(request("ws:///feed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream URI 'ws:///feed' has no host (or one that is not a valid host name):"
                        + " write it as ws://HOST:PORT/PATH");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> provider.validate(request("http://example.com/feed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'http://example.com/feed'")
                .hasMessageContaining("scheme 'http'")
                .hasMessageContaining("ws://HOST:PORT/PATH or wss://HOST:PORT/PATH");
    }

    @Test
    void rejectsUnknownOptions() {
        UpstreamRequest request = UpstreamRequest.builder(URI.create("ws://h/feed")).option("compression", "on").build();
        assertThatThrownBy(() -> provider.validate(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'compression' for upstream 'ws://h/feed':"
                        + " transport-websocket takes no options, so remove it");
    }

    @Test
    void rejectsAFragment() {
        assertThatThrownBy(() -> provider.validate(request("ws://h/feed#part")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment '#part'")
                .hasMessageContaining("remove it");
    }

    @Test
    void rejectsUserInfoWithoutRepeatingIt() {
        assertThatThrownBy(() -> provider.validate(request("ws://bob:hunter2@h/feed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ws://***@h/feed'")
                .hasMessageContaining("pass credentials as a header")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> provider.validate(request("ws://h:70000/feed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port 70000");
    }

    @Test
    void rejectsHeadersThatWouldCorruptTheHandshake() {
        UpstreamRequest badValue = UpstreamRequest.builder(URI.create("ws://h/")).header("X-Key", "a\r\nInjected: yes").build();
        assertThatThrownBy(() -> provider.validate(badValue))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header 'X-Key'")
                .hasMessageContaining("line break");
        UpstreamRequest badName = UpstreamRequest.builder(URI.create("ws://h/")).header("X Key", "v").build();
        assertThatThrownBy(() -> provider.validate(badName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header name 'X Key'");
    }

    @Test
    void connectRejectsWhatValidateRejects() {
        assertThatThrownBy(() -> provider.connect(request("ws:///feed"), new UpstreamListener() { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no host");
    }

    @Test
    void queryStringsStayOutOfMessages() {
        UpstreamRequest request = UpstreamRequest.builder(URI.create("ws://h/feed?token=abc")).option("x", "y").build();
        assertThatThrownBy(() -> provider.validate(request))
                .hasMessageContaining("'ws://h/feed?token=***'")
                .hasMessageNotContaining("abc");
    }

    private static UpstreamRequest request(String uri) {
        return UpstreamRequest.builder(URI.create(uri)).build();
    }
}
