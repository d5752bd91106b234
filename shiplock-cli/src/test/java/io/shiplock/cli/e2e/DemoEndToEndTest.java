package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The README's run command, as a process on a fresh home: the whole demo to its summary, then the
 * pipeline page it prints, in a browser: the seed's pipeline as its users drew it.
 */
class DemoEndToEndTest {
  @BeforeAll
  static void docker() {
    DockerAvailable.require();
  }

  @Test
  void theDemoRunsThePipelineAndShowsTheGateRefusingTheBrokenVersion(@TempDir Path dir)
      throws Exception {
    Map<String, String> env =
        Map.of(
            "SHIPLOCK_CONFIG_DIR", dir.resolve("config").toString(),
            "SHIPLOCK_EXAMPLE",
                Path.of("../examples/continuous-test-services").toAbsolutePath().toString(),
            "SHIPLOCK_EXAMPLE_SOURCE",
                Path.of("../examples/simple-topology-service").toAbsolutePath().toString(),
            "SHIPLOCK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    try (JavaProcess demo =
        JavaProcess.start(
            dir.resolve("demo.log"),
            env,
            List.of("-Xmx512m"),
            "demo",
            "--port",
            "0",
            "--home",
            dir.resolve("home").toString())) {
      // The demo keeps its server running after the summary, as a user would find it.
      Awaitility.await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !demo.isAlive() || demo.output().contains("Done in"));
      String out = demo.output();
      assertThat(demo.isAlive()).as(out).isTrue();
      assertThat(out)
          .containsPattern("statuses of [0-9a-f]{10}: FunctionalRegressionPassed")
          .containsPattern("statuses of [0-9a-f]{10}: FunctionalRegressionFailed")
          .containsPattern(
              "refused: the gate of environment 'Production' refuses SimpleTopologyService [0-9a-f]{10}: missing status FunctionalRegressionPassed")
          .contains("Production answers: {\"name\": \"clm-basic\"")
          .contains("Swarm answers: {\"name\": \"clm-basic\"")
          .containsPattern(
              "Production +leanjazz-production\\S* +SimpleTopologyService +[0-9a-f]{10} +Loaded,Running ")
          .containsPattern("request \\d+ WAITING_APPROVAL: release-managers must approve")
          .contains("/approve/")
          .contains("/ui/apps/ContinuousTestServices")
          .contains("Done in");
      assertThat(dir.resolve("config/credentials.json")).exists();
      if (Browser.wanted()) readThePipelinePage(out);
    }
  }

  private static final String ADMIN_PASSWORD = "demo-admin-password-for-tests";

  /** The printed pipeline page: the seed's four environments, its gate, the waiting approval. */
  private static void readThePipelinePage(String out) throws Exception {
    var m = Pattern.compile("Pipeline page: (http://\\S+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    WebDriver browser = Browser.start();
    try {
      browser.get(m.group(1));
      browser.findElement(By.id("user")).sendKeys("admin");
      browser.findElement(By.id("password")).sendKeys(ADMIN_PASSWORD);
      browser.findElement(By.cssSelector("button[type=submit]")).click();
      assertThat(
              browser.findElements(By.cssSelector("article.env")).stream()
                  .map(e -> e.getAttribute("aria-label"))
                  .toList())
          .containsExactly(
              "Integration Test",
              "Private Docker Registry",
              "Production",
              "Public DockerHub",
              "Swarm");
      assertThat(text(browser, "Production"))
          .contains("FunctionalRegressionPassed")
          .contains("Loaded")
          .contains("Running");
      assertThat(text(browser, "Public DockerHub")).contains("Approval required — 1 waiting");
      assertThat(text(browser, "Swarm")).contains("Running");
      PageChecks.accessible(browser);
      Browser.shot(browser, "seed-pipeline");
    } finally {
      browser.quit();
    }
  }

  private static String text(WebDriver browser, String environment) {
    return browser
        .findElement(By.cssSelector("article[aria-label='" + environment + "'] .state-part"))
        .getText();
  }
}
