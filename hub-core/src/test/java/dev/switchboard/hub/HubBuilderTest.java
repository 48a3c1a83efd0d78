package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.config.BackoffPolicy;
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
        assertThatThrownBy(() -> valid().settings(s -> s.linger(Duration.ofSeconds(-1))).build())
                .hasMessage("hub 'prices': invalid linger -1s: it must not be negative, e.g. 30s");
        assertThatThrownBy(() -> valid().settings(s -> s.portHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(5))).build())
                .hasMessageContaining("port-timeout 5s is not longer than port-heartbeat 10s");
        assertThatThrownBy(() -> valid().settings(s -> s.replay(100, Duration.ofMinutes(1)).portQueue(50)).build())
                .hasMessageContaining("hub 'prices': replay 100 does not fit port-queue 50");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("backoff-cap 1s is shorter than backoff-base 5s");
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
