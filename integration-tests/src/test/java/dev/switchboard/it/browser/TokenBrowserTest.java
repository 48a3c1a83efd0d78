package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The {@code token} option in a real Chromium against {@link FakeEnvelopeHub}, which records the
 * {@code access_token} query parameter of every connection: a string goes on every connection; a
 * function is called again before every reconnect and its new token is the one used, in each of
 * the three modes (the token function stays in the page, so the shared worker asks a tab for it).
 */
class TokenBrowserTest extends BrowserScenarios {

    private static final String PREFIX = "tok-secret-";
    private FakeEnvelopeHub fake;

    @Override
    HubFixture newHub() {
        fake = FakeEnvelopeHub.launch();
        return fake;
    }

    private static Map<String, String> params(String mode, String... more) {
        Map<String, String> params = new HashMap<>();
        if (!mode.equals("shared-worker")) {
            params.put("noSharedWorker", null);
        }
        if (mode.equals("direct")) {
            params.put("noLocks", null);
        }
        for (int i = 0; i < more.length; i += 2) {
            params.put(more[i], more[i + 1]);
        }
        return params;
    }

    private long tokenCalls(List<String> tabs) {
        return tabs.stream().mapToLong(tab -> browser.number(tab, "window.log.tokenCalls")).sum();
    }

    @Test
    void aStringTokenGoesAsAccessTokenOnEveryConnection() {
        String tab = openTabs(1, params("shared-worker", "opts", "{\"token\":\"static-token\"}")).get(0);
        assertThat(fake.tokensSeen()).containsExactly("static-token");
        fake.restart();
        within(Duration.ofSeconds(15)).until(() -> fake.attaches() == 2 && "open".equals(browser.string(tab, "window.hub.status")));
        assertThat(fake.tokensSeen()).containsExactly("static-token", "static-token");
        assertNoProblems(tab);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shared-worker", "leader", "direct"})
    void aTokenFunctionIsCalledAgainOnReconnectAndItsNewTokenIsUsed(String mode) {
        int tabCount = mode.equals("direct") ? 1 : 2; // direct: each tab connects alone
        List<String> tabs = openTabs(tabCount, params(mode, "tokenFn", PREFIX));
        assertThat(browser.string(tabs.get(0), "window.hub.mode")).isEqualTo(mode);
        assertThat(fake.tokensSeen()).containsExactly(PREFIX + "1");
        assertThat(tokenCalls(tabs)).as("one connection, one token").isEqualTo(1);

        fake.restart(); // every connection drops; the reconnect must ask for a fresh token
        within(Duration.ofSeconds(15)).until(() -> fake.attaches() == 2);
        for (String tab : tabs) {
            within(Duration.ofSeconds(10)).until(() -> "open".equals(browser.string(tab, "window.hub.status")));
        }
        List<String> seen = fake.tokensSeen();
        assertThat(seen).hasSize(2);
        // Attempts that failed while the hub restarted each asked for a token too: the one the
        // new connection carries is the newest one.
        assertThat(seen.get(1)).isEqualTo(PREFIX + tokenCalls(tabs)).isNotEqualTo(PREFIX + "1");

        List<String> expected = publish("m", 1, 5);
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(5));
            assertNoProblems(tab);
            assertThat(browser.strings(tab, "window.log.consoleErrors")).noneMatch(line -> line.contains(PREFIX));
        }
    }

    @Test
    void aTokenFunctionThatFailsIsReportedAndAskedAgainWithBackoff() {
        String tab = browser.open(site.harness(hub.url(), params("shared-worker", "tokenFn", PREFIX, "tokenFails", "1")));
        within(Duration.ofSeconds(15)).until(() -> "open".equals(browser.string(tab, "window.hub.status")));
        assertThat(browser.strings(tab, "window.log.errors").get(0))
                .startsWith("token-failed: could not connect to " + hub.url()
                        + ": no token for the hub: the token function failed: token service down; retry 1 in ");
        assertThat(fake.tokensSeen()).containsExactly(PREFIX + "2");
        assertNoProblems(tab);
    }

    @Test
    void aBadTokenOptionIsATypeErrorNamingIt() {
        String tab = openTabs(1).get(0);
        Object thrown = browser.js(tab, "try { Switchboard.connect(window.hub.url, { token: 42 }); return 'no error'; }"
                + " catch (e) { return e.name + ': ' + e.message; }");
        assertThat(thrown).isEqualTo("TypeError: Switchboard.connect: invalid token a number;"
                + " pass a non-empty string, or a function that returns one (or a Promise of one)");
        Object twice = browser.js(tab, "try { Switchboard.connect(window.hub.url + '?access_token=x', { token: 'y' }); return 'no error'; }"
                + " catch (e) { return e.name + ': ' + e.message; }");
        assertThat(twice).asString().startsWith("TypeError:").contains("already has ?access_token=").doesNotContain("=x");
        assertNoProblems(tab);
    }
}
