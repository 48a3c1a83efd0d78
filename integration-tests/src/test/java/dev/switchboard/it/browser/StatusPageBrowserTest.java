package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testsupport.TestClient;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The status page (/status.html) in a real Chromium, against the real server: it shows each hub and refreshes itself. */
class StatusPageBrowserTest {

    private WebSocketOrigin origin;
    private SwitchboardServer server;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        Browser.requireChromium();
        origin = WebSocketOrigin.start();
        server = SwitchboardServer.create(ServerConfig.builder().listen("127.0.0.1", 0)
                .hub("default", origin.uri()).hub("prices", origin.uri()).build()).start();
        browser = Browser.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private String cell(String tab, String hub, String field) {
        return browser.string(tab, "(document.querySelector('#hubs tr[data-hub=\"" + hub + "\"] td[data-field=\"" + field
                + "\"]') || {}).textContent");
    }

    @Test
    void showsEveryHubAndFollowsAClientAttachingWithoutAReload() throws Exception {
        String base = "http://127.0.0.1:" + server.boundAddress().getPort();
        String tab = browser.openPage(base + "/status.html");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(browser.string(tab, "document.getElementById('ready').textContent")));
        assertThat(cell(tab, "default", "state")).isEqualTo("IDLE");
        assertThat(cell(tab, "prices", "ports")).isEqualTo("0");
        assertThat(browser.driver().getTitle()).isEqualTo("Switchboard status");

        try (TestClient client = TestClient.connectAsync(server.hubUri("prices")).join()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(cell(tab, "prices", "ports"))
                    && "OPEN".equals(cell(tab, "prices", "state")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> String.valueOf(cell(tab, "prices", "ends")).contains("closed 1"));
        assertThat(browser.driver().findElements(By.cssSelector("#ends tbody tr"))).isNotEmpty();
    }
}
