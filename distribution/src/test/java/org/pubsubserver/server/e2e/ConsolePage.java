package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The node console at / in headless Chromium, at a phone's width (375 px), read as a person sees it. */
final class ConsolePage implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver browser;

    private ConsolePage(WebDriver browser) {
        this.browser = browser;
    }

    /** The console of {@code node} on our server's HTTP port. */
    static ConsolePage open(int httpPort, String node) throws Exception {
        WebDriver browser = Browser.start();
        try {
            browser.manage().window().setSize(new Dimension(375, 812));
            browser.get("http://" + TestServers.COMPONENT + ":" + httpPort + "/?node="
                    + java.net.URLEncoder.encode(node, java.nio.charset.StandardCharsets.UTF_8));
            return new ConsolePage(browser);
        } catch (Exception | AssertionError e) {
            browser.quit();
            throw e;
        }
    }

    WebDriver browser() {
        return browser;
    }

    /** The connection's state as the page shows it. */
    String status() {
        return browser.findElement(By.id("status")).getText();
    }

    /** Every line of the connection log, oldest first (the log is folded away: read its text, shown or not). */
    List<String> connectionLog() {
        List<String> lines = new java.util.ArrayList<>(browser.findElements(By.cssSelector("#connection-log li")).stream()
                .map(li -> li.getDomProperty("textContent")).toList());
        java.util.Collections.reverse(lines);
        return lines;
    }

    /** The entries shown for an item id (one, unless the page repeated it). */
    List<WebElement> entries(String itemId) {
        return browser.findElements(By.cssSelector("#entries li.entry[data-item='" + itemId + "']"));
    }

    /** The item events the page received on the node's stream since it opened it (the view keeps the count). */
    int received() {
        String count = browser.findElement(By.id("entries")).getDomAttribute("data-received");
        return count == null ? 0 : Integer.parseInt(count);
    }

    /** The item ids shown, newest first. */
    List<String> itemIds() {
        return browser.findElements(By.cssSelector("#entries li.entry")).stream()
                .map(li -> li.getDomAttribute("data-item")).toList();
    }

    /** The text of the part of {@code itemId}'s entry that {@code css} selects, or "" while there is none. */
    String text(String itemId, String css) {
        List<WebElement> found = browser.findElements(By.cssSelector("#entries li.entry[data-item='" + itemId + "'] " + css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    void awaitStatus(String prefix) throws InterruptedException {
        await(() -> status().startsWith(prefix), () -> "status '" + prefix + "…'; shown: " + status() + ", log: "
                + connectionLog());
    }

    void await(Supplier<Boolean> condition, Supplier<String> what) throws InterruptedException {
        assertThat(Browser.waitFor(WAIT, () -> {
            try {
                return condition.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false; // the entry was replaced while it was read: look again
            }
        })).as(what).isTrue();
    }

    /** Keeps a picture of the page beside the server's logs (target/e2e-logs), for a person to look at. */
    void screenshot(String name) throws java.io.IOException {
        screenshot(name, "view");
    }

    /** As {@link #screenshot(String)}, scrolled to the element of id {@code at}. */
    void screenshot(String name, String at) throws java.io.IOException {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById(arguments[0]).scrollIntoView()", at);
        Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path into = Path.of("target", "e2e-logs", name + ".png");
        Files.createDirectories(into.getParent());
        Files.copy(file, into, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
