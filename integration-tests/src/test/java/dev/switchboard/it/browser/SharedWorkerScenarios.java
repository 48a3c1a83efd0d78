package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SharedWorker mode, in a real Chromium: however many tabs, one port; tabs that close or
 * crash leave at once; a worker that dies with its tab is replaced without losing a message.
 * Run against the fake envelope hub and against the real server by the subclasses.
 */
abstract class SharedWorkerScenarios extends BrowserScenarios {

    @Test
    void threeTabsShareOnePortAndEveryTabGetsEveryMessageInOrder() {
        List<String> tabs = openTabs(3);
        for (String tab : tabs) {
            assertThat(browser.string(tab, "window.hub.mode")).isEqualTo("shared-worker");
            within(Duration.ofSeconds(5)).until(() -> tabCount(tab) == 3);
        }
        assertThat(hub.portCount()).as("ports the hub has for this browser").isEqualTo(1);

        assertEveryTabGetsEveryMessageThroughOnePort(tabs);
    }

    @Test
    void aClosedTabLeavesAtOnceAndTheHubKeepsItsPort() {
        List<String> tabs = openTabs(3);
        within(Duration.ofSeconds(5)).until(() -> tabCount(tabs.get(0)) == 3);

        long closedAt = System.currentTimeMillis();
        browser.close(tabs.get(2));
        within(LOCK_BOUND).until(() -> tabCount(tabs.get(0)) == 2);
        System.out.printf("tab close noticed after %d ms%n", firstAt(tabs.get(0), "tabs 2", closedAt) - closedAt);

        assertThat(hub.portCount()).isEqualTo(1);
        List<String> expected = publish("m", 1, 10);
        awaitMessages(tabs.get(0), expected, Duration.ofSeconds(5));
        awaitMessages(tabs.get(1), expected, Duration.ofSeconds(5));
        assertThat(hub.portCount()).isEqualTo(1);
    }

    @Test
    void aCrashedTabIsDroppedWithinTheBound() {
        List<String> tabs = openTabs(3);
        within(Duration.ofSeconds(5)).until(() -> tabCount(tabs.get(0)) == 3);

        // Not the first tab: Chromium runs the worker in its creator's renderer.
        long crashedAt = System.currentTimeMillis();
        browser.crash(tabs.get(2));
        within(HEARTBEAT_BOUND).until(() -> tabCount(tabs.get(0)) == 2);
        long noticed = firstAt(tabs.get(0), "tabs 2", crashedAt) - crashedAt;
        System.out.printf("tab crash noticed after %d ms%n", noticed);
        assertThat(noticed).as("ms until the worker dropped the crashed tab").isLessThan(LOCK_BOUND.toMillis());

        List<String> expected = publish("m", 1, 10);
        awaitMessages(tabs.get(0), expected, Duration.ofSeconds(5));
        awaitMessages(tabs.get(1), expected, Duration.ofSeconds(5));
        assertThat(hub.portCount()).isEqualTo(1);
        assertThat(browser.string(tabs.get(0), "window.hub.status")).isEqualTo("open");
    }

    @Test
    void whenTheWorkersTabCrashesANewWorkerTakesOverWithoutLosingAMessage() {
        List<String> tabs = openTabs(3);
        String creator = tabs.get(0);
        within(Duration.ofSeconds(5)).until(() -> tabCount(creator) == 3);
        List<String> expected = new ArrayList<>(publish("m", 1, 20));
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(5));
        }

        long crashedAt = System.currentTimeMillis();
        browser.crash(creator);
        // Published while the worker is dead or being replaced: the hub holds them for the resume.
        expected.addAll(publish("m", 21, 40));
        List<String> survivors = tabs.subList(1, 3);
        for (String tab : survivors) {
            within(HEARTBEAT_BOUND.plusSeconds(5)).until(() -> tabCount(tab) == 2);
        }
        for (String tab : survivors) {
            long noticed = firstAt(tab, "status reconnecting", crashedAt) - crashedAt;
            System.out.printf("worker death noticed after %d ms%n", noticed);
            assertThat(noticed).as("ms until the tab noticed the worker died").isBetween(0L, LOCK_BOUND.toMillis());
        }
        within(Duration.ofSeconds(10)).until(() -> hub.portCount() == 1);
        expected.addAll(publish("m", 41, 60));
        for (String tab : survivors) {
            awaitMessages(tab, expected, Duration.ofSeconds(10));
            assertThat(browser.string(tab, "window.hub.status")).isEqualTo("open");
            assertNoProblems(tab);
        }
        assertThat(hub.portCount()).isEqualTo(1);
        if (hub instanceof FakeEnvelopeHub fake) {
            System.out.printf("takeover: attaches %d, since %s, generation %s%n", fake.attaches(), fake.sinceSeen(),
                    browser.string(survivors.get(0), "localStorage.getItem('switchboard-worker-generation ' + window.hub.url)"));
        }
    }

    @Test
    void whenAllTabsCloseTheHubsPortEnds() {
        List<String> tabs = openTabs(2);
        assertThat(hub.portCount()).isEqualTo(1);
        for (String tab : tabs) {
            browser.close(tab);
        }
        // The worker says disconnect after its linger (2 s), or dies with its last page first.
        within(Duration.ofSeconds(5)).until(() -> hub.portCount() == 0);
        if (hub.upstreamConnections() >= 0) {
            within(hub.linger().plusSeconds(5)).until(() -> hub.upstreamConnections() == 0);
        }
        if (hub instanceof FakeEnvelopeHub fake) {
            System.out.printf("all closed: disconnects %d, close codes %s%n", fake.disconnects(), fake.closeCodes());
        }
    }

    @Test
    void whenTheHubRestartsTabsShowReconnectingThenReceiveAgain() {
        List<String> tabs = openTabs(2);
        List<String> before = publish("a", 1, 5);
        for (String tab : tabs) {
            awaitMessages(tab, before, Duration.ofSeconds(5));
        }

        hub.restart();
        for (String tab : tabs) {
            within(Duration.ofSeconds(10)).until(() -> browser.strings(tab, "window.log.statuses").contains("reconnecting"));
            within(Duration.ofSeconds(15)).until(() -> "open".equals(browser.string(tab, "window.hub.status")));
        }
        within(Duration.ofSeconds(10)).until(hub::upstreamOpen);
        within(Duration.ofSeconds(5)).until(() -> hub.portCount() == 1);
        List<String> expected = new ArrayList<>(before);
        expected.addAll(publish("b", 1, 5));
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(10));
            // A restarted hub has a new epoch: the old cursor is answered with a gap, never silence.
            assertThat(browser.strings(tab, "window.log.gaps")).containsExactly("unknown-cursor");
            assertNoProblems(tab);
        }
    }
}
