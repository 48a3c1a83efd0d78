package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.testing.VirtualScheduler;
import dev.switchboard.hub.transport.TransportNotFoundException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HubBuilderTest {

    private static HubBuilder valid() {
        return Hubs.builder("prices").upstream(URI.create("mem://nowhere")).scheduler(new VirtualScheduler());
    }

    @Test
    void rejectsBadValuesNamingThemAndTheFix() {
        assertThatThrownBy(() -> Hubs.builder("bad name").upstream(URI.create("mem://x")).build())
                .hasMessageContaining("invalid hub name 'bad name'");
        assertThatThrownBy(() -> Hubs.builder("h").build()).hasMessageContaining("has no upstream");
        assertThatThrownBy(() -> valid().upstream(URI.create("//127.0.0.1:9001/feed")).build())
                .hasMessageContaining("'//127.0.0.1:9001/feed'").hasMessageContaining("has no scheme");
        assertThatThrownBy(() -> valid().linger(Duration.ofSeconds(-1)).build()).hasMessageContaining("linger PT-1S");
        assertThatThrownBy(() -> valid().portHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(5)).build())
                .hasMessageContaining("shorter than the interval");
        assertThatThrownBy(() -> valid().replay(100, Duration.ofMinutes(1)).portQueueCapacity(50).build())
                .hasMessageContaining("replay size 100 does not fit the port queue capacity 50");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("backoff cap PT1S is smaller than the base PT5S");
    }

    @Test
    void anUnknownSchemeFailsAtBuildNotAtFirstAttach() {
        assertThatThrownBy(() -> valid().upstream(URI.create("foo://x")).build())
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining("no transport handles scheme 'foo'")
                .hasMessageContaining("installed: mem");
    }

    @Test
    void backoffWindowsDoubleUpToTheCap() {
        BackoffPolicy p = new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(p.window(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.window(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.window(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.window(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
