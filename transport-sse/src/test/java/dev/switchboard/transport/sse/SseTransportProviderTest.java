package dev.switchboard.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.spi.UpstreamRequest;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SseTransportProviderTest {

    private final SseTransportProvider provider = new SseTransportProvider();

    private static UpstreamRequest.Builder request(String uri) {
        return UpstreamRequest.builder(URI.create(uri));
    }

    @Test
    @DisplayName("claims sse+http and sse+https, never plain http or https")
    void claimsOnlyPrefixedSchemes() {
        assertThat(provider.schemes()).containsExactlyInAnyOrder("sse+http", "sse+https");
        assertThat(provider.name()).isEqualTo("transport-sse");
    }

    @Test
    @DisplayName("strips the sse+ prefix to get the real URL, keeping path and query")
    void stripsThePrefix() {
        SseTarget target = SseTarget.of(request("sse+https://feed.example.com:8443/events?topic=a%20b").build());
        assertThat(target.streamUrl().toString()).isEqualTo("https://feed.example.com:8443/events?topic=a%20b");
        assertThat(target.canSend()).isFalse();
    }

    @Test
    @DisplayName("validate() accepts a full URL with headers, a last event id and a post-url")
    void acceptsAGoodRequest() {
        UpstreamRequest good = request("sse+http://127.0.0.1:9/events").header("Authorization", "Bearer x")
                .lastEventId("41").option("post-url", "https://127.0.0.1/inbox").build();
        assertThatCode(() -> provider.validate(good)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("validate() rejects a URL without a host, naming it and the fix")
    void rejectsMissingHost() {
        assertThatThrownBy(() -> provider.validate(request("sse+http:///events").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sse+http:///events' has no host")
                .hasMessageContaining("sse+http://host:8080/events");
    }

    @Test
    @DisplayName("validate() rejects an unknown option, naming it and the only known one")
    void rejectsUnknownOption() {
        assertThatThrownBy(() -> provider.validate(request("sse+http://h/e").option("post-ulr", "http://h/i").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option 'post-ulr'")
                .hasMessageContaining("'post-url'");
    }

    @Test
    @DisplayName("validation messages do not show the URL's query or user info, which may hold secrets")
    void validationMessagesHideSecrets() {
        assertThatThrownBy(() -> provider.validate(
                request("sse+https://user:pw@h/e?token=s3cret").option("bogus", "1").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sse+https://***@h/e?token=***")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("pw");
    }

    @Test
    @DisplayName("validate() rejects a post-url that is not http(s), naming it")
    void rejectsBadPostUrl() {
        assertThatThrownBy(() -> provider.validate(request("sse+http://h/e").option("post-url", "ftp://h/i").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("post-url 'ftp://h/i'")
                .hasMessageContaining("https://host/inbox");
    }

    @Test
    @DisplayName("validate() rejects a scheme it does not claim, suggesting the sse+ form")
    void rejectsForeignScheme() {
        assertThatThrownBy(() -> provider.validate(request("https://h/e").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'https://h/e'")
                .hasMessageContaining("sse+https://host/path");
    }

    @Test
    @DisplayName("validate() rejects a header value HTTP cannot carry, naming the upstream")
    void rejectsBadHeader() {
        assertThatThrownBy(() -> provider.validate(request("sse+http://h/e").header("X-Key", "a\nb").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sse+http://h/e")
                .hasMessageContaining("line breaks");
        assertThatThrownBy(() -> provider.validate(request("sse+http://h/e").lastEventId("1\r\n2").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last event id");
    }

    @Test
    @DisplayName("connect() rejects an invalid request at once, as validate() does")
    void connectRejectsInvalidRequest() {
        assertThatThrownBy(() -> provider.connect(request("sse+http:///events").build(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no host");
    }
}
