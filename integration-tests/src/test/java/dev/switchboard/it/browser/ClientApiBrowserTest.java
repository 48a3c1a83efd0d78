package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The library's API in a real Chromium against {@link FakeEnvelopeHub}: bad input gets a clear
 * error, sends keep their order, pings are answered, upstream status is shown, and the direct
 * and back/forward-cache paths work.
 */
class ClientApiBrowserTest extends BrowserScenarios {

    private FakeEnvelopeHub fake;

    @Override
    HubFixture newHub() {
        fake = FakeEnvelopeHub.launch();
        return fake;
    }

    /** Runs script in the tab and returns "Name: message" of what it threw, or "no error". */
    private String thrown(String tab, String script) {
        return String.valueOf(browser.js(tab, "try { " + script + "; return 'no error'; } catch (e) { return e.name + ': ' + e.message; }"));
    }

    @Test
    void badHubUrlsAndOptionsThrowATypeErrorNamingTheValue() {
        String tab = openTabs(1).get(0);
        assertThat(thrown(tab, "Switchboard.connect(42)"))
                .startsWith("TypeError: Switchboard.connect: the hub URL must be a string").contains("the number 42");
        assertThat(thrown(tab, "Switchboard.connect('ftp://example.com/hubs/x/ws')"))
                .startsWith("TypeError:").contains("\"ftp://example.com/hubs/x/ws\" uses ftp:");
        assertThat(thrown(tab, "Switchboard.connect('ws://[bad')")).startsWith("TypeError:").contains("\"ws://[bad\" is not a valid URL");
        assertThat(thrown(tab, "Switchboard.connect(window.hub.url, { heartbeat: 5 })"))
                .startsWith("TypeError:").contains("unknown option \"heartbeat\"");
        assertThat(thrown(tab, "Switchboard.connect(window.hub.url, { mode: 'telepathy' })"))
                .startsWith("TypeError:").contains("invalid mode the string \"telepathy\"");
        assertNoProblems(tab);
    }

    @Test
    void sendingSomethingThatIsNotAStringOrBytesThrowsATypeErrorNamingIt() {
        String tab = openTabs(1).get(0);
        assertThat(thrown(tab, "window.hub.send({ buy: 1 })"))
                .isEqualTo("TypeError: Switchboard: send() takes a string, an ArrayBuffer or a typed array, not the Object {\"buy\":1};"
                        + " to send an object, send JSON.stringify(value)");
        assertThat(thrown(tab, "window.hub.send(undefined)")).startsWith("TypeError:").contains("not undefined");
        assertThat(thrown(tab, "window.hub.send(17)")).startsWith("TypeError:").contains("not the number 17");
        assertThat(thrown(tab, "window.hub.send(new Blob(['x']))")).startsWith("TypeError:").contains("not a Blob");
        assertThat(fake.sent()).isEmpty();
        assertNoProblems(tab);
    }

    @Test
    void callsAfterCloseThrowAndCloseIsIdempotent() {
        String tab = openTabs(1).get(0);
        browser.js(tab, "window.hub.close(); window.hub.close();");
        assertThat(browser.string(tab, "window.hub.status")).isEqualTo("closed");
        assertThat(browser.strings(tab, "window.log.statuses")).endsWith("closed");
        assertThat(thrown(tab, "window.hub.send('late')"))
                .startsWith("Error: Switchboard: send() was called after close()").contains(hub.url());
        // The only tab left: the worker disconnects after its linger.
        within(Duration.ofSeconds(5)).until(() -> hub.portCount() == 0);
        assertThat(fake.disconnects()).isEqualTo(1);
        assertNoProblems(tab);
    }

    @Test
    void aHubThatCannotBeReachedIsReportedOnOnerrorAndTheConsole() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        String unreachable = "ws://127.0.0.1:" + closedPort + "/hubs/default/ws";
        String tab = browser.open(site.harness(unreachable));
        within(Duration.ofSeconds(10)).until(() -> !browser.strings(tab, "window.log.errors").isEmpty());
        assertThat(browser.strings(tab, "window.log.errors").get(0))
                .startsWith("connect-failed: could not connect to " + unreachable).contains("retry 1 in");
        assertThat(browser.strings(tab, "window.log.consoleErrors")).anySatisfy(line -> assertThat(line).contains("could not connect to " + unreachable));
        assertThat(browser.string(tab, "window.hub.status")).isEqualTo("connecting");
        assertNoProblems(tab);
    }

    @Test
    void sendsFromEveryTabReachTheHubInTheirOrder() {
        List<String> tabs = openTabs(2);
        browser.js(tabs.get(0), "for (let i = 1; i <= 50; i++) window.hub.send('a' + i);");
        browser.js(tabs.get(1), "for (let i = 1; i <= 50; i++) window.hub.send('b' + i);");
        browser.js(tabs.get(0), "window.hub.send(new Uint8Array([1, 2, 3])); window.hub.send(new Uint8Array([0, 255]).buffer);");
        within(Duration.ofSeconds(10)).until(() -> fake.sent().size() == 102);
        List<String> sent = fake.sent();
        assertThat(sent.stream().filter(s -> s.matches("a\\d+")).toList()).containsExactlyElementsOf(FakeEnvelopeHub.numbered("a", 1, 50));
        assertThat(sent.stream().filter(s -> s.matches("b\\d+")).toList()).containsExactlyElementsOf(FakeEnvelopeHub.numbered("b", 1, 50));
        assertThat(sent.stream().filter(s -> s.startsWith("base64:")).toList()).containsExactly("base64:AQID", "base64:AP8=");
        assertThat(browser.strings(tabs.get(0), "window.log.errors")).isEmpty();
    }

    @Test
    void aSendTheHubRefusesIsReportedToTheTabThatSentItOnly() {
        List<String> tabs = openTabs(2);
        String id = browser.string(tabs.get(0), "window.hub.send('reject me')");
        within(Duration.ofSeconds(5)).until(() -> !browser.strings(tabs.get(0), "window.log.errors").isEmpty());
        assertThat(browser.strings(tabs.get(0), "window.log.errors"))
                .containsExactly("upstream-rejected: upstream send queue is full; retry after it reconnects");
        assertThat(browser.strings(tabs.get(0), "window.log.errorRefs")).containsExactly(id);
        browser.js(tabs.get(0), "window.hub.send('fine')");
        within(Duration.ofSeconds(5)).until(() -> fake.sent().contains("fine"));
        assertThat(browser.strings(tabs.get(1), "window.log.errors")).isEmpty();
        assertNoProblems(tabs.get(0));
    }

    @Test
    void sendsWhileTheHubIsDownAreSentInOrderAfterItReconnects() {
        String tab = openTabs(1).get(0);
        fake.stop();
        within(Duration.ofSeconds(5)).until(() -> !"open".equals(browser.string(tab, "window.hub.status")));
        browser.js(tab, "for (let i = 1; i <= 5; i++) window.hub.send('q' + i);");
        fake.start();
        within(Duration.ofSeconds(15)).until(() -> fake.sent().size() == 5);
        assertThat(fake.sent()).containsExactly("q1", "q2", "q3", "q4", "q5");
        assertNoProblems(tab);
    }

    @Test
    void hubPingsAreAnsweredAndUpstreamStatusIsShown() {
        String tab = openTabs(1).get(0);
        within(Duration.ofSeconds(5)).until(() -> fake.pongs() >= 2);

        fake.status("BACKOFF", "upstream failed: Connection refused; retry 1 in 0.5s");
        within(Duration.ofSeconds(5)).until(() -> "reconnecting".equals(browser.string(tab, "window.hub.status")));
        fake.status("OPEN", null);
        within(Duration.ofSeconds(5)).until(() -> "open".equals(browser.string(tab, "window.hub.status")));
        assertThat(browser.strings(tab, "window.log.statuses")).containsSubsequence("open", "reconnecting", "open");
    }

    @Test
    void binaryMessagesArriveAsArrayBuffers() {
        String tab = openTabs(1).get(0);
        fake.publishBinary(new byte[] {1, 2, (byte) 255});
        hub.publish("text");
        awaitMessages(tab, List.of("bin:1,2,255", "text"), Duration.ofSeconds(5));
    }

    @Test
    void withoutSharedWorkerOrWebLocksEachTabConnectsAlone() {
        Map<String, String> params = new HashMap<>();
        params.put("noSharedWorker", null);
        params.put("noLocks", null);
        List<String> tabs = openTabs(2, params);
        for (String tab : tabs) {
            assertThat(browser.string(tab, "window.hub.mode")).isEqualTo("direct");
            assertThat(tabCount(tab)).isEqualTo(1);
        }
        within(Duration.ofSeconds(5)).until(() -> hub.portCount() == 2);
        List<String> expected = publish("m", 1, 10);
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(5));
            assertNoProblems(tab);
        }
        browser.js(tabs.get(0), "window.hub.close()");
        within(Duration.ofSeconds(5)).until(() -> hub.portCount() == 1);
    }

    @Test
    void aPageRestoredFromTheBackForwardCacheReattachesFromItsCursor() {
        List<String> tabs = openTabs(2);
        String restored = tabs.get(1);
        within(Duration.ofSeconds(5)).until(() -> tabCount(tabs.get(0)) == 2);
        List<String> expected = new ArrayList<>(publish("m", 1, 5));
        awaitMessages(restored, expected, Duration.ofSeconds(5));

        // What the browser fires when a page enters and leaves the back/forward cache.
        browser.js(restored, "dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))");
        within(LOCK_BOUND).until(() -> tabCount(tabs.get(0)) == 1);
        expected.addAll(publish("m", 6, 10));
        awaitMessages(tabs.get(0), expected, Duration.ofSeconds(5));
        assertThat(browser.messages(restored)).hasSize(5);

        browser.js(restored, "dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");
        within(Duration.ofSeconds(5)).until(() -> tabCount(tabs.get(0)) == 2);
        awaitMessages(restored, expected, Duration.ofSeconds(5)); // m6..m10 replayed by the worker, no duplicate
        expected.addAll(publish("m", 11, 12));
        awaitMessages(restored, expected, Duration.ofSeconds(5));
        assertThat(hub.portCount()).isEqualTo(1);
        assertNoProblems(restored);
    }

    @Test
    void aWorkerOnAnotherOriginOrMissingFallsBackToTheLeaderMode() {
        // localhost and 127.0.0.1 are different origins: a SharedWorker cannot come from the other one.
        String otherOrigin = site.origin().replace("127.0.0.1", "localhost") + "/client/switchboard-worker.js";
        for (String workerUrl : List.of(otherOrigin, "/client/no-such-worker.js")) {
            String tab = browser.open(site.harness(hub.url(), Map.of("opts", "{\"workerUrl\":\"" + workerUrl + "\"}")));
            within(Duration.ofSeconds(10)).until(() -> "leader".equals(browser.string(tab, "window.hub.mode")));
            within(Duration.ofSeconds(10)).until(() -> "open".equals(browser.string(tab, "window.hub.status")));
            hub.publish("via " + workerUrl);
            awaitMessages(tab, List.of("via " + workerUrl), Duration.ofSeconds(5));
            assertNoProblems(tab);
            browser.close(tab);
            within(Duration.ofSeconds(5)).until(() -> hub.portCount() == 0);
        }
    }

    @Test
    void twoHubUrlsGetTwoWorkers() {
        try (FakeEnvelopeHub other = FakeEnvelopeHub.launch()) {
            String a = openTabs(1).get(0);
            String b = browser.open(site.harness(other.url()));
            within(Duration.ofSeconds(10)).until(() -> "open".equals(browser.string(b, "window.hub.status")));
            assertThat(hub.portCount()).isEqualTo(1);
            assertThat(other.portCount()).isEqualTo(1);
            hub.publish("for a");
            other.publish("for b");
            awaitMessages(a, List.of("for a"), Duration.ofSeconds(5));
            awaitMessages(b, List.of("for b"), Duration.ofSeconds(5));
            assertThat(tabCount(a)).isEqualTo(1);
            assertThat(tabCount(b)).isEqualTo(1);
            browser.close(b);
        }
    }
}
