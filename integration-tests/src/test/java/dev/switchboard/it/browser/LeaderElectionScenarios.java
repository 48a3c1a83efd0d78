package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The leader mode, in a real Chromium whose pages have no SharedWorker (each test page deletes
 * {@code window.SharedWorker} before the library loads): one tab, elected with Web Locks, holds
 * the connection and shares it over BroadcastChannel; the next takes over when it goes.
 */
abstract class LeaderElectionScenarios extends BrowserScenarios {

    @Override
    Map<String, String> pageParams() {
        Map<String, String> params = new java.util.HashMap<>();
        params.put("noSharedWorker", null);
        return params;
    }

    String leaderOf(List<String> tabs) {
        List<String> leaders = tabs.stream().filter(t -> Boolean.TRUE.equals(browser.js(t, "return window.hub.isLeader"))).toList();
        assertThat(leaders).as("leader tabs").hasSize(1);
        return leaders.get(0);
    }

    @Test
    void withoutSharedWorkerOneElectedTabSharesOneConnection() {
        List<String> tabs = openTabs(3);
        for (String tab : tabs) {
            assertThat(browser.string(tab, "typeof SharedWorker")).isEqualTo("undefined");
            assertThat(browser.string(tab, "window.hub.mode")).isEqualTo("leader");
            within(Duration.ofSeconds(5)).until(() -> tabCount(tab) == 3);
        }
        leaderOf(tabs);
        assertThat(hub.portCount()).isEqualTo(1);

        assertEveryTabGetsEveryMessageThroughOnePort(tabs);
    }

    @Test
    void whenTheLeaderCrashesAnotherTabTakesOverWithoutLosingAMessage() {
        List<String> tabs = openTabs(3);
        String leader = leaderOf(tabs);
        List<String> followers = new ArrayList<>(tabs);
        followers.remove(leader);
        within(Duration.ofSeconds(5)).until(() -> tabCount(followers.get(0)) == 3);
        List<String> expected = new ArrayList<>(publish("m", 1, 20));
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(5));
        }

        long crashedAt = System.currentTimeMillis();
        browser.crash(leader);
        expected.addAll(publish("m", 21, 40));
        within(LOCK_BOUND).until(() -> followers.stream().anyMatch(t -> Boolean.TRUE.equals(browser.js(t, "return window.hub.isLeader"))));
        long tookOver = System.currentTimeMillis() - crashedAt;
        System.out.printf("leader crash: new leader within %d ms%n", tookOver);
        leaderOf(followers);
        for (String tab : followers) {
            within(Duration.ofSeconds(10)).until(() -> tabCount(tab) == 2);
        }
        within(Duration.ofSeconds(10)).until(() -> hub.portCount() == 1);
        expected.addAll(publish("m", 41, 60));
        for (String tab : followers) {
            awaitMessages(tab, expected, Duration.ofSeconds(10));
            within(Duration.ofSeconds(5)).until(() -> "open".equals(browser.string(tab, "window.hub.status")));
            assertNoProblems(tab);
        }
        assertThat(hub.portCount()).isEqualTo(1);
    }

    @Test
    void whenTheLeaderClosesAnotherTabTakesOver() {
        List<String> tabs = openTabs(2);
        String leader = leaderOf(tabs);
        String follower = tabs.get(0).equals(leader) ? tabs.get(1) : tabs.get(0);
        List<String> expected = new ArrayList<>(publish("m", 1, 10));
        awaitMessages(follower, expected, Duration.ofSeconds(5));

        browser.close(leader);
        within(LOCK_BOUND).until(() -> Boolean.TRUE.equals(browser.js(follower, "return window.hub.isLeader")));
        within(Duration.ofSeconds(5)).until(() -> tabCount(follower) == 1);
        within(Duration.ofSeconds(10)).until(() -> hub.portCount() == 1);
        expected.addAll(publish("m", 11, 20));
        awaitMessages(follower, expected, Duration.ofSeconds(10));
        assertNoProblems(follower);
    }

    @Test
    void aClosedFollowerLeavesAtOnce() {
        List<String> tabs = openTabs(3);
        String leader = leaderOf(tabs);
        List<String> followers = new ArrayList<>(tabs);
        followers.remove(leader);
        within(Duration.ofSeconds(5)).until(() -> tabCount(leader) == 3);

        browser.close(followers.get(0));
        within(LOCK_BOUND).until(() -> tabCount(leader) == 2);
        List<String> expected = publish("m", 1, 10);
        awaitMessages(leader, expected, Duration.ofSeconds(5));
        awaitMessages(followers.get(1), expected, Duration.ofSeconds(5));
        assertThat(hub.portCount()).isEqualTo(1);
    }
}
