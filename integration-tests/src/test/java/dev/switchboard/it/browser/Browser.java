package dev.switchboard.it.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One real Chromium, driven through Debian's chromedriver, with helpers for tabs. One per test
 * class: a browser start costs a second or two of the machine's two cores.
 *
 * <p>Selenium Manager never runs: the driver executable is given explicitly, and Selenium skips
 * it then. When Chromium is missing, CI ({@code CI=true}) fails with the install hint; elsewhere
 * the test is skipped with it.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String MISSING = "chromium not found at /usr/bin/chromium: install Debian's chromium and chromium-driver"
            + " (apt-get install -y chromium chromium-driver)";

    private final ChromeDriver driver;
    private final Path profile;
    private final String home;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.home = driver.getWindowHandle();
    }

    /**
     * Null when Chromium and its driver are installed; otherwise the reason to skip, except in CI
     * ({@code CI=true}), where a missing browser fails the test instead.
     */
    static String chromiumMissing() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(MISSING);
        }
        return present ? null : MISSING;
    }

    /** Fails in CI, skips elsewhere, when Chromium or its driver is not installed. */
    static void requireChromium() {
        String missing = chromiumMissing();
        assumeTrue(missing == null, missing);
    }

    static Browser start() {
        requireChromium();
        Path profile;
        try {
            profile = Files.createTempDirectory("switchboard-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile folder", e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-crash-reporter", "--disable-breakpad",
                "--user-data-dir=" + profile);
        return new Browser(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens a new tab at {@code url} and waits for the test page's module to have run. */
    String open(String url) {
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url);
        String handle = driver.getWindowHandle();
        await("test page at " + url + " loaded").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> Boolean.TRUE.equals(driver.executeScript("return window.ready === true")));
        return handle;
    }

    /** Opens a new tab at {@code url} and waits for the document to have loaded. */
    String openPage(String url) {
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url);
        return driver.getWindowHandle();
    }

    /** Runs a script in a tab and returns its result. */
    Object js(String tab, String script, Object... args) {
        driver.switchTo().window(tab);
        return driver.executeScript(script, args);
    }

    long number(String tab, String expression) {
        Object value = js(tab, "return " + expression);
        return value == null ? -1 : ((Number) value).longValue();
    }

    String string(String tab, String expression) {
        Object value = js(tab, "return " + expression);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String tab, String expression) {
        Object value = js(tab, "return (" + expression + ").map(String)");
        return value == null ? List.of() : new ArrayList<>((List<String>) value);
    }

    /** The messages the test page in this tab received, in order. */
    List<String> messages(String tab) {
        return strings(tab, "window.log.messages");
    }

    /** Kills the tab's renderer process, as a crash would. */
    void crash(String tab) {
        driver.switchTo().window(tab);
        try {
            driver.executeCdpCommand("Page.crash", Map.of());
        } catch (WebDriverException expected) {
            // The renderer died before it could answer the command: that is the point.
        }
        driver.switchTo().window(home);
    }

    /** Closes a tab as a person would. */
    void close(String tab) {
        driver.switchTo().window(tab);
        driver.close();
        driver.switchTo().window(home);
    }

    /** Closes every tab but the first (blank) one, so the next test starts clean. */
    void closeTabs() {
        for (String handle : List.copyOf(driver.getWindowHandles())) {
            if (!handle.equals(home)) {
                try {
                    driver.switchTo().window(handle);
                    driver.close();
                } catch (WebDriverException e) {
                    // A crashed tab may refuse; it goes with the browser at the end.
                }
            }
        }
        driver.switchTo().window(home);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temp folder is harmless.
            }
        }
    }
}
