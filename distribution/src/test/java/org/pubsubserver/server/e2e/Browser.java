package org.pubsubserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium, driven through its chromedriver (installed by scripts/install-browser.sh). */
final class Browser {
    private Browser() {
    }

    /** A headless Chromium; quit it after use. */
    static WebDriver start() throws Exception {
        Process process = new ProcessBuilder("bash",
                TestServers.projectRoot().resolve("scripts/install-browser.sh").toString()).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).as("install-browser.sh finished").isTrue();
        assertThat(process.exitValue()).as("install-browser.sh: " + output).isZero();
        List<String> paths = output.lines().toList();
        String chromium = paths.get(0);
        String chromedriver = paths.get(1);
        System.setProperty("webdriver.chrome.driver", chromedriver);
        // no background traffic: this machine's network is closed, and Chromium's own requests would fail
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + java.nio.file.Files.createTempDirectory("chromium-e2e"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    static boolean waitFor(Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.get())) {
                return true;
            }
            Thread.sleep(50);
        }
        return Boolean.TRUE.equals(condition.get());
    }
}
