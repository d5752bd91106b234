package io.shiplock.cli.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless chromium driven by Selenium, for the browser tests. Missing browser: the test
 * is skipped, or fails when SHIPLOCK_REQUIRE_BROWSER is set (as ./scripts/test.sh sets it).
 */
final class Browser {
  /** How long a look for an element waits for it to appear: pages update by fetch and stream. */
  static final Duration IMPLICIT_WAIT = Duration.ofSeconds(5);

  private Browser() {}

  /** Whether browser tests run here: the browser is installed, or they must (then it fails). */
  static boolean wanted() {
    return present() || System.getenv("SHIPLOCK_REQUIRE_BROWSER") != null;
  }

  private static boolean present() {
    return Files.isExecutable(Path.of("/usr/bin/chromium"))
        && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
  }

  static WebDriver start() {
    boolean present = present();
    if (!present && System.getenv("SHIPLOCK_REQUIRE_BROWSER") != null)
      throw new AssertionError("no chromium/chromedriver; scripts/browser.sh installs them");
    assumeTrue(present, "skipped: run scripts/browser.sh");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
    // The browser's console: tests fail on a script error or a Content-Security-Policy violation
    // (htmx runs under the pages' policy, without eval).
    var logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    WebDriver browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .build(),
            options);
    browser.manage().timeouts().implicitlyWait(IMPLICIT_WAIT);
    return browser;
  }

  /** Saves the current page as docs/screenshots/NAME.png, the pictures the docs show. */
  static void shot(WebDriver browser, String name) throws Exception {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path docs = Path.of("../docs/screenshots");
    Files.createDirectories(docs);
    Files.copy(png, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
