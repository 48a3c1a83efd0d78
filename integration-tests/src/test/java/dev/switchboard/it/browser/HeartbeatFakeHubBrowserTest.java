package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat layer alone, in a real Chromium: the test pages have no Web Locks (deleted before
 * the library loads), so neither the worker nor the tabs can learn of a death through a released
 * lock; only the heartbeat over the MessagePort tells them. Against {@link FakeEnvelopeHub}.
 */
class HeartbeatFakeHubBrowserTest extends BrowserScenarios {

    @Override
    HubFixture newHub() {
        return FakeEnvelopeHub.launch();
    }

    @Override
    Map<String, String> pageParams() {
        Map<String, String> params = new HashMap<>();
        params.put("noLocks", null);
        return params;
    }

    @Test
    void theWorkerDropsACrashedTabWhenItMissesThreeHeartbeats() {
        List<String> tabs = openTabs(3);
        assertThat(browser.string(tabs.get(0), "typeof navigator.locks")).isEqualTo("undefined");
        within(Duration.ofSeconds(5)).until(() -> tabCount(tabs.get(0)) == 3);

        long crashedAt = System.currentTimeMillis();
        browser.crash(tabs.get(2));
        within(HEARTBEAT_BOUND.plusSeconds(2)).until(() -> tabCount(tabs.get(0)) == 2);
        long noticed = firstAt(tabs.get(0), "tabs 2", crashedAt) - crashedAt;
        System.out.printf("tab crash noticed by heartbeat after %d ms%n", noticed);
        // More than 2 missed beats (else it was not the heartbeat), at most 3 missed beats plus one,
        // plus a second for timers on a busy two-core machine.
        assertThat(noticed).isBetween(4000L, HEARTBEAT_BOUND.toMillis() + 1000);

        List<String> expected = publish("m", 1, 10);
        awaitMessages(tabs.get(0), expected, Duration.ofSeconds(5));
        awaitMessages(tabs.get(1), expected, Duration.ofSeconds(5));
        assertThat(hub.portCount()).isEqualTo(1);
    }

    @Test
    void tabsReplaceAWorkerThatStoppedBeating() {
        List<String> tabs = openTabs(3);
        within(Duration.ofSeconds(5)).until(() -> tabCount(tabs.get(0)) == 3);
        List<String> expected = new ArrayList<>(publish("m", 1, 10));
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(5));
        }

        long crashedAt = System.currentTimeMillis();
        browser.crash(tabs.get(0));
        expected.addAll(publish("m", 11, 20));
        List<String> survivors = tabs.subList(1, 3);
        for (String tab : survivors) {
            within(HEARTBEAT_BOUND.plusSeconds(2)).until(() -> firstAt(tab, "status reconnecting", crashedAt) > 0);
            long noticed = firstAt(tab, "status reconnecting", crashedAt) - crashedAt;
            System.out.printf("worker death noticed by heartbeat after %d ms%n", noticed);
            assertThat(noticed).isBetween(4000L, WORKER_HEARTBEAT_BOUND.toMillis() + 1000);
        }
        within(Duration.ofSeconds(10)).until(() -> hub.portCount() == 1);
        expected.addAll(publish("m", 21, 30));
        for (String tab : survivors) {
            awaitMessages(tab, expected, Duration.ofSeconds(10));
            within(Duration.ofSeconds(5)).until(() -> tabCount(tab) == 2);
            assertNoProblems(tab);
        }
    }
}
