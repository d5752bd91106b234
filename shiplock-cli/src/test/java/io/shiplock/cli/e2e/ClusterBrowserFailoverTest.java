package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A browser on a request's live page through HAProxy: the node serving the page's event stream is
 * killed mid-request, the page reconnects (with the last event id) through HAProxy to another node
 * and goes on showing the log, every line once, without a reload.
 */
class ClusterBrowserFailoverTest {
  private static final int STEPS = 10;

  @TempDir Path dir;
  private Cluster cluster;
  private WebDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (cluster != null) cluster.close();
  }

  @Test
  void theLivePageKeepsStreamingWhenItsNodeIsKilled() throws Exception {
    // balance first: the page and its stream are served by node1 while it is up.
    browser = Browser.start();
    cluster = Cluster.start(dir, 3, Cluster.Balance.FIRST);
    Ui ui = new Ui(browser);
    assertThat(
            cluster.front.apply(
                "jobs.yaml", StepLines.alternating(STEPS, dir.resolve("steps.txt"), "1")))
        .isTrue();
    cluster.agent("agent-a");
    cluster.agent("agent-b");
    long id = StepLines.request(cluster.front, "Jobs", "Prod");

    browser.get(cluster.front.base() + "/ui/login?next=%2Fui%2Frequests%2F" + id);
    ui.logInWithKeyboard("admin", ServerProcesses.ADMIN_PASSWORD);
    ui.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/ui/requests/" + id));
    var js = (JavascriptExecutor) browser;
    js.executeScript("window.shiplockMarker = 'same page';");
    ui.waitFor(Duration.ofSeconds(60), d -> ui.text("#live-log").contains("out-s3"));
    assertThat(ui.text(".state")).isEqualTo("RUNNING");
    cluster.assertAllCallsWentTo(cluster.nodes.getFirst()); // the agents' and the page's too
    cluster.nodes.getFirst().kill();

    ui.waitFor(
        Duration.ofSeconds(90),
        d ->
            ui.text(".state").equals("SUCCEEDED")
                && ui.text("#live-log").contains("out-s" + STEPS));
    assertThat(js.executeScript("return window.shiplockMarker;")).isEqualTo("same page");
    List<String> shown = ui.text("#live-log").lines().filter(l -> l.startsWith("out-")).toList();
    assertThat(StepLines.counts(shown))
        .as("every line once on the page:%n%s", ui.text("#live-log"))
        .isEqualTo(
            StepLines.counts(IntStream.rangeClosed(1, STEPS).mapToObj(i -> "out-s" + i).toList()));
  }
}
