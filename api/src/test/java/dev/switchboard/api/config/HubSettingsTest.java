package dev.switchboard.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Message;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        HubSettings d = HubSettings.defaults();
        assertThat(d.headers()).isEmpty();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.upstreamHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.upstreamTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.maxMessageSize()).isEqualTo(1_048_576);
        assertThat(d.linger()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.eager()).isFalse();
        assertThat(d.backoff()).isEqualTo(new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(1)));
        assertThat(d.portHeartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.portTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.portQueue()).isEqualTo(4096);
        assertThat(d.slowPolicy()).isEqualTo(SlowPortPolicy.END);
        assertThat(d.upstreamQueue()).isEqualTo(256);
        assertThat(d.replay()).isEqualTo(1024);
        assertThat(d.replayAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.onConnect()).isEmpty();
        assertThat(d.maxPorts()).isEqualTo(100_000);
        assertThat(d.maxRefusals()).isEqualTo(5);
        assertThat(d.maxFrameSize()).isEqualTo(1_048_576);
    }

    @Test
    void everyDefaultTextReadsBackAsTheDefault() {
        HubSettings.Builder builder = HubSettings.builder().replay(0).portQueue(1);
        for (HubSettingKey key : HubSettingKey.values()) {
            if (!key.repeatable()) {
                key.apply(builder, key.defaultText());
            }
        }
        assertThat(builder.build()).isEqualTo(HubSettings.defaults());
    }

    @Test
    void keysAreKebabCaseAndFlagsAreTheKeysWithDashes() {
        for (HubSettingKey key : HubSettingKey.values()) {
            assertThat(key.key()).matches("[a-z]+(-[a-z]+)*");
            assertThat(HubSettingKey.forKey(key.key())).isSameAs(key);
            if (key != HubSettingKey.HEADERS) {
                assertThat(key.flag()).isEqualTo("--" + key.key());
            }
        }
        assertThat(HubSettingKey.HEADERS.flag()).isEqualTo("--header");
        assertThat(Arrays.stream(HubSettingKey.values()).filter(HubSettingKey::repeatable))
                .containsExactly(HubSettingKey.HEADERS, HubSettingKey.ON_CONNECT);
    }

    @Test
    void settingsAreReadByKeyFromText() {
        HubSettings s = HubSettings.builder()
                .set("linger", "0s").set("slow-policy", "drop-oldest").set("replay", "10").set("port-queue", "12")
                .set("headers", "X-Key=a=b").set("on-connect", "{\"subscribe\":1}").set("on-connect", "second")
                .set("eager", "true").set("backoff-reset", "0ms")
                .build();

        assertThat(s.linger()).isZero();
        assertThat(s.slowPolicy()).isEqualTo(SlowPortPolicy.DROP_OLDEST);
        assertThat(s.replay()).isEqualTo(10);
        assertThat(s.portQueue()).isEqualTo(12);
        assertThat(s.headers()).containsExactly(java.util.Map.entry("X-Key", "a=b"));
        assertThat(s.onConnect()).containsExactly(Message.text("{\"subscribe\":1}"), Message.text("second"));
        assertThat(s.eager()).isTrue();
        assertThat(s.backoff().resetAfter()).isZero();
        assertThat(HubSettingKey.SLOW_POLICY.textIn(s)).isEqualTo("drop-oldest");
    }

    @Test
    void errorsNameTheKeyTheValueAndTheFix() {
        assertThatThrownBy(() -> HubSettings.builder().replay(5000).build())
                .hasMessage("replay 5000 does not fit port-queue 4096: a resuming port receives its replay through its "
                        + "queue; make port-queue at least 5002 or replay smaller");
        assertThatThrownBy(() -> HubSettings.builder().portHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(10)).build())
                .hasMessage("port-timeout 10s is not longer than port-heartbeat 10s: make the timeout longer, e.g. three heartbeats");
        assertThatThrownBy(() -> HubSettings.builder().upstreamHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(5)).build())
                .hasMessageStartingWith("upstream-timeout 5s is shorter than upstream-heartbeat 10s: ");
        assertThatThrownBy(() -> HubSettings.builder().backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ZERO).build())
                .hasMessage("backoff-cap 1s is shorter than backoff-base 10s: make the cap at least as long as the base");
        assertThatThrownBy(() -> HubSettings.builder().connectTimeout(Duration.ZERO).build())
                .hasMessage("invalid connect-timeout 0ms: it must be longer than zero, e.g. 10s");
        assertThatThrownBy(() -> HubSettings.builder().maxFrameSize(0).build())
                .hasMessage("invalid max-frame-size 0: use a whole number of at least 1, e.g. 1048576");
        assertThatThrownBy(() -> HubSettings.builder().set("port-queue", "lots"))
                .hasMessage("invalid port-queue 'lots': write a whole number, e.g. 4096");
        assertThatThrownBy(() -> HubSettings.builder().set("eager", "yes"))
                .hasMessage("invalid eager 'yes': write true or false");
        assertThatThrownBy(() -> HubSettings.builder().set("headers", "NoEquals"))
                .hasMessageStartingWith("invalid headers 'NoEquals': write NAME=VALUE");
        assertThatThrownBy(() -> HubSettings.builder().set("lingr", "1s"))
                .hasMessageStartingWith("unknown hub setting 'lingr': use one of headers, connect-timeout, ");
    }

    @Test
    void settingsCanBeGivenInAnyOrderAndAreCheckedAsAWhole() {
        HubSettings s = HubSettings.builder().replay(5000).portQueue(6000).build();
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void hubNamesAreCheckedInOnePlace() {
        assertThat(HubNames.check("prices_2-a")).isEqualTo("prices_2-a");
        assertThat(HubNames.isValid("x".repeat(65))).isFalse();
        assertThatThrownBy(() -> HubNames.check("bad name")).hasMessageStartingWith("invalid hub name 'bad name': use 1 to 64");
    }

    @Test
    void anUpstreamCaFileIsReadWhenTheSettingsAreMadeAndABadOneIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> HubSettings.builder().set("upstream-ca", missing.toString()).build())
                .hasMessageStartingWith("upstream-ca " + missing + " cannot be read (")
                .hasMessageEndingWith("): give the path of a PEM file of CA certificates the server can read");
        java.nio.file.Path notPem = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        assertThatThrownBy(() -> HubSettings.builder().upstreamCa(notPem).build())
                .hasMessageStartingWith("upstream-ca " + notPem + " ");
        assertThat(HubSettings.builder().set("upstream-ca", "").build().upstreamCa()).isEmpty();
        assertThat(HubSettings.defaults().upstreamCaCertificates()).isEmpty();
    }

    @Test
    void theUpstreamBufferIsBoundedInBytesAndItsDrainDeadlineIsADuration() {
        assertThat(HubSettings.defaults().upstreamBuffer()).isEqualTo(8 * 1024 * 1024);
        assertThat(HubSettings.defaults().upstreamDrainTimeout()).isEqualTo(Duration.ofSeconds(30));
        HubSettings read = HubSettings.builder().set("upstream-buffer", "65536").set("upstream-drain-timeout", "2s").build();
        assertThat(read.upstreamBuffer()).isEqualTo(65536);
        assertThat(read.upstreamDrainTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> HubSettings.builder().upstreamBuffer(0).build())
                .hasMessage("invalid upstream-buffer 0: use a whole number of at least 1, e.g. 8388608");
        assertThatThrownBy(() -> HubSettings.builder().upstreamDrainTimeout(Duration.ZERO).build())
                .hasMessage("invalid upstream-drain-timeout 0ms: it must be longer than zero, e.g. 30s");
    }

    @Test
    void toStringShowsEverySettingButNoHeaderValue() {
        HubSettings settings = HubSettings.builder()
                .header("Authorization", "Bearer s3cret-token")
                .header("X-Api-Key", "k3y-value")
                .linger(Duration.ofSeconds(7))
                .build();

        String text = settings.toString();

        assertThat(text).doesNotContain("s3cret-token").doesNotContain("k3y-value")
                .contains("headers={Authorization=***, X-Api-Key=***}")
                .startsWith("HubSettings[").endsWith("]")
                .contains("linger=PT7S").contains("upstreamBuffer=8388608");
        for (var component : HubSettings.class.getRecordComponents()) {
            assertThat(text).as("every component is shown").contains(component.getName() + "=");
        }
    }
}
