package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactedTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ws://127.0.0.1:9001/feed | ws://127.0.0.1:9001/feed",
        "ws://h/p?symbol=EUR&depth=5 | ws://h/p?symbol=EUR&depth=5",
        "ws://h/p?apikey=SECRET | ws://h/p?apikey=***",
        "wss://bob:hunter2@feed.example.com/v1?apikey=abc&symbol=EUR | wss://***@feed.example.com/v1?apikey=***&symbol=EUR",
        "sse+https://h:8443/events?access_token=T&x=1#frag | sse+https://h:8443/events?access_token=***&x=1",
        "ws://h/?API_KEY=a&Token=b&sig=c&signature=d&password=e&secret=f&key=g&auth=h | "
                + "ws://h/?API_KEY=***&Token=***&sig=***&signature=***&password=***&secret=***&key=***&auth=***",
        "ws://[::1]:9/x?flag | ws://[::1]:9/x?flag",
        "ws://h/x?a%70ikey=S | ws://h/x?a%70ikey=***",
        "ws:///feed | ws:///feed",
    })
    void showsTheUriWithoutItsSecrets(String uri, String shown) {
        assertThat(Redacted.uri(URI.create(uri))).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"apikey", "api_key", "X-Api-Key", "token", "access_token", "client_secret", "password",
        "passwd", "sig", "signature", "auth", "Authorization", "session_id", "key"})
    void secretLookingNamesAreSecret(String name) {
        assertThat(Redacted.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"symbol", "depth", "since", "channel", "format"})
    void ordinaryNamesAreShown(String name) {
        assertThat(Redacted.isSecretName(name)).isFalse();
    }

    @Test
    void textThatIsNoUriIsMaskedAllTheSame() {
        assertThat(Redacted.uri("ws://bob:pw@bad host/?apikey=S&x=1")).isEqualTo("ws://***@bad host/?apikey=***&x=1");
        assertThat(Redacted.uri((URI) null)).isEqualTo("null");
    }
}
