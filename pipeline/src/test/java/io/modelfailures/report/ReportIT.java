package io.modelfailures.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.pipeline.FailuresPipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens report.html of a sample-data run in real headless Chromium (Debian's chromium and
 * chromedriver). The page must load with no console error, show five non-empty charts, and give a
 * screenshot, written to {@code pipeline/target/report-it/report.png}.
 *
 * <p>Skipped when Chromium is not installed, unless {@code MFP_REQUIRE_CHROMIUM=1} (set by {@code
 * .ci/run}, which installs it), in which case its absence fails the test.
 */
class ReportIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path ARTIFACTS = Path.of("target", "report-it").toAbsolutePath();

  static ChromeDriver browser;
  static Path report;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present) {
      assertThat(System.getenv("MFP_REQUIRE_CHROMIUM"))
          .as("Chromium is required here but %s or %s is missing", CHROMIUM, DRIVER)
          .isNotEqualTo("1");
      Assumptions.abort("Chromium and chromedriver are not installed");
    }
    Files.createDirectories(ARTIFACTS);
    Path out = Files.createTempDirectory(ARTIFACTS, "out-");
    assertThat(FailuresPipelineRunner.runSampleData(out.resolve("tables"))).isZero();
    report = out.resolve("tables").resolve("report.html");
    Files.copy(
        report,
        ARTIFACTS.resolve("report.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The flags this machine needs: no sandbox as root, and no background calls to Google.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory(ARTIFACTS, "profile-"),
        "--window-size=1200,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void reportLoadsWithChartsAndNoConsoleErrors() throws Exception {
    browser.get(report.toUri().toString());
    assertThat(browser.getTitle()).isEqualTo("Model failures report");
    assertThat(consoleErrors()).isEmpty();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> charts =
        (List<Map<String, Object>>)
            browser.executeScript(
                "return Array.from(document.querySelectorAll('svg')).map(s => {"
                    + " const r = s.getBoundingClientRect();"
                    + " return {id: s.id, width: r.width, height: r.height,"
                    + " shapes: s.querySelectorAll('path, rect, line').length,"
                    + " labels: s.querySelectorAll('text').length}; })");
    assertThat(charts)
        .extracting(c -> c.get("id"))
        .containsExactly("chart-sev", "chart-svc", "chart-tq", "chart-rule", "chart-pat");
    for (Map<String, Object> c : charts) {
      assertThat(((Number) c.get("width")).doubleValue()).as("width of %s", c).isGreaterThan(300);
      assertThat(((Number) c.get("height")).doubleValue()).as("height of %s", c).isGreaterThan(100);
      assertThat(((Number) c.get("shapes")).longValue()).as("shapes in %s", c).isGreaterThan(10);
      assertThat(((Number) c.get("labels")).longValue()).as("labels in %s", c).isGreaterThan(3);
    }

    long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1200, (int) Math.min(height, 16000)));
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Path shot = ARTIFACTS.resolve("report.png");
    Files.write(shot, png);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(png.length).isGreaterThan(20_000);
  }

  @Test
  void consoleCheckSeesAnError() {
    // The check above must be able to fail: a page that logs an error is caught.
    browser.get("data:text/html,<title>t</title><script>console.error('boom')</script>");
    assertThat(consoleErrors()).anyMatch(m -> m.contains("boom"));
  }

  private static List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }
}
