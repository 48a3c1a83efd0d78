package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every browser test class shares: one Chromium and one test site per class, a fresh hub per
 * test (so each test gets its own hub URL, hence its own SharedWorker), and helpers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserScenarios {

    /**
     * The documented bound for noticing that a tab or the worker is gone by heartbeat alone:
     * silence longer than 3 beats of 2 s, checked every beat (docs/browser.md). Crashes are
     * normally noticed far sooner, through Web Locks.
     */
    static final Duration HEARTBEAT_BOUND = Duration.ofSeconds(8);
    /** A tab notices a silent worker within 3 beats of 2 s plus its 1 s check (docs/browser.md). */
    static final Duration WORKER_HEARTBEAT_BOUND = Duration.ofSeconds(7);
    /** Noticing through a released Web Lock: the bound the tests hold crashes and closes to. */
    static final Duration LOCK_BOUND = Duration.ofSeconds(2);

    Browser browser;
    TestSite site;
    HubFixture hub;

    /** A fresh hub for one test. */
    abstract HubFixture newHub();

    /** Extra query parameters for every test page of this class. */
    Map<String, String> pageParams() {
        return Map.of();
    }

    /** Why every test of this class is skipped, or null. Decided once, before a browser starts. */
    private String skipReason;

    @BeforeAll
    void startBrowser() {
        skipReason = Browser.chromiumMissing();
        if (skipReason != null) {
            return; // each test reports the skip with its reason
        }
        site = TestSite.start();
        browser = Browser.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @BeforeEach
    void startHub() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        hub = newHub();
    }

    @AfterEach
    void stopHub() {
        if (browser != null) {
            browser.closeTabs();
        }
        if (hub != null) {
            hub.close();
        }
    }

    static ConditionFactory within(Duration limit) {
        return await().atMost(limit).pollInterval(Duration.ofMillis(50));
    }

    /** Opens n tabs of the test page and waits until each is attached with status open. */
    List<String> openTabs(int n) {
        return openTabs(n, pageParams());
    }

    List<String> openTabs(int n, Map<String, String> params) {
        List<String> tabs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tabs.add(browser.open(site.harness(hub.url(), params)));
        }
        for (String tab : tabs) {
            within(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(browser.string(tab, "window.hub.status")).as("status of a tab").isEqualTo("open"));
        }
        within(Duration.ofSeconds(10)).until(hub::upstreamOpen);
        return tabs;
    }

    /** Publishes prefix+from .. prefix+to and returns them. */
    List<String> publish(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            hub.publish(prefix + i);
            out.add(prefix + i);
        }
        return out;
    }

    void awaitMessages(String tab, List<String> expected, Duration limit) {
        within(limit).untilAsserted(() -> assertThat(browser.messages(tab)).as("messages of tab %s", tab).hasSameSizeAs(expected));
        assertThat(browser.messages(tab)).as("messages of tab %s, in order, no duplicate", tab).containsExactlyElementsOf(expected);
    }

    long tabCount(String tab) {
        return browser.number(tab, "window.hub.tabs");
    }

    /** Nothing went wrong silently: no unhandled rejection or uncaught error in the tab. */
    /** 100 messages reach every tab in order, and the browser used one port, opened once. */
    void assertEveryTabGetsEveryMessageThroughOnePort(List<String> tabs) {
        List<String> expected = publish("m", 1, 100);
        for (String tab : tabs) {
            awaitMessages(tab, expected, Duration.ofSeconds(10));
            assertNoProblems(tab);
        }
        assertThat(hub.portCount()).as("ports the hub has for this browser").isEqualTo(1);
        if (hub instanceof FakeEnvelopeHub fake) {
            assertThat(fake.attaches()).as("connections the browser ever opened").isEqualTo(1);
        }
    }

    void assertNoProblems(String tab) {
        assertThat(browser.strings(tab, "window.log.problems")).as("unhandled rejections and uncaught errors").isEmpty();
    }

    /** The first time in the tab's timeline (epoch ms) at which an entry starts with what, or -1. */
    long firstAt(String tab, String what, long notBefore) {
        for (String entry : browser.strings(tab, "window.log.timeline")) {
            int space = entry.indexOf(' ');
            long at = Long.parseLong(entry.substring(0, space));
            if (at >= notBefore && entry.substring(space + 1).startsWith(what)) {
                return at;
            }
        }
        return -1;
    }
}
