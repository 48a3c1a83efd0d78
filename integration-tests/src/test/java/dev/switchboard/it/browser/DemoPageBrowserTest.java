package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The demo page (demo/index.html, served at / in --demo mode) in a real Chromium. */
class DemoPageBrowserTest extends BrowserScenarios {

    private FakeEnvelopeHub fake;

    @Override
    HubFixture newHub() {
        fake = FakeEnvelopeHub.launch();
        return fake;
    }

    private String demoPage() {
        return site.origin() + "/?hub=" + URLEncoder.encode(hub.url(), StandardCharsets.UTF_8);
    }

    private String text(String tab, String id) {
        return String.valueOf(browser.js(tab, "return document.getElementById(arguments[0]).textContent", id));
    }

    @Test
    void showsStatusTabCountAndMessagesAndSends() {
        String first = browser.openPage(demoPage());
        within(Duration.ofSeconds(10)).until(() -> "open".equals(text(first, "status")));
        assertThat(text(first, "mode")).isEqualTo("shared-worker");
        within(Duration.ofSeconds(5)).until(() -> "1".equals(text(first, "tabs")));

        String second = browser.openPage(demoPage());
        within(Duration.ofSeconds(10)).until(() -> "open".equals(text(second, "status")));
        within(Duration.ofSeconds(5)).until(() -> "2".equals(text(first, "tabs")) && "2".equals(text(second, "tabs")));
        assertThat(hub.portCount()).isEqualTo(1);

        hub.publish("{\"symbol\":\"SWB\",\"price\":101.25}");
        within(Duration.ofSeconds(5)).until(() -> text(second, "messages").contains("\"price\":101.25"));
        assertThat(text(first, "messages")).contains("\"price\":101.25");
        assertThat(text(second, "cursor")).isEqualTo(fake.epoch() + ":1");

        browser.driver().switchTo().window(second);
        browser.driver().findElement(By.id("text")).sendKeys("{\"buy\":1}", Keys.ENTER);
        within(Duration.ofSeconds(5)).until(() -> fake.sent().contains("{\"buy\":1}"));

        browser.close(second);
        within(LOCK_BOUND).until(() -> "1".equals(text(first, "tabs")));
    }

    @Test
    void isServedAtTheRootWithItsContentType() {
        String tab = browser.openPage(site.origin() + "/?hub=" + URLEncoder.encode(hub.url(), StandardCharsets.UTF_8));
        assertThat(browser.string(tab, "document.contentType")).isEqualTo("text/html");
        assertThat(browser.string(tab, "document.title")).isEqualTo("Switchboard demo");
    }
}
