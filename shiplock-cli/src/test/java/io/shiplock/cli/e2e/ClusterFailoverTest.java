package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real server nodes on one PostgreSQL database behind a real HAProxy, two agents that know
 * only HAProxy's address, and a pipeline of shell steps alternating between them: a node killed
 * with {@code kill -9} mid-step, or every node restarted in turn, and the pipeline still runs every
 * step once and logs every line once.
 */
class ClusterFailoverTest {
  @TempDir Path dir;
  private Cluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) cluster.close();
  }

  private long startPipeline(String jobs) throws Exception {
    assertThat(cluster.front.apply("jobs.yaml", jobs)).isTrue();
    cluster.agent("agent-a");
    cluster.agent("agent-b");
    return StepLines.request(cluster.front, "Jobs", "Prod");
  }

  /** Waits until the step named {@code name} runs on its agent. */
  private void awaitRunning(long id, String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> {
              JsonNode r = cluster.front.call("GET", "/api/v1/requests/" + id, null);
              for (JsonNode s : StepLines.shellSteps(r))
                if (s.get("name").asText().equals(name)) return s.get("state").asText();
              return "";
            },
            "RUNNING"::equals);
  }

  @Test
  void aNodeKilledMidStepLosesNothingAndRunsNothingTwice() throws Exception {
    // balance first: every call, the agents' polls and results too, goes to node1 while it is up.
    cluster = Cluster.start(dir, 3, Cluster.Balance.FIRST);
    long id = startPipeline(StepLines.alternating(12, dir.resolve("steps.txt"), "0.5"));
    awaitRunning(id, "s4");
    cluster.assertAllCallsWentTo(cluster.nodes.getFirst()); // the agents' and the page's too
    Instant killed = Instant.now();
    cluster.nodes.getFirst().kill();

    JsonNode r = StepLines.ended(cluster.front, id, Duration.ofSeconds(90));
    StepLines.assertRanOnce(cluster.front, r, dir.resolve("steps.txt"), cluster.outputs());
    // The step that ran across the kill completes first: its agent delivers its result to
    // another node once HAProxy sends it there, and that node dispatches the next step.
    Instant finished = StepLines.firstAfter(r, "finishedAt", killed);
    assertThat(finished).as("steps finished after the kill").isNotNull();
    System.out.printf(
        "kill-to-resume: the first step completed %d ms after the kill%n",
        Duration.between(killed, finished).toMillis());
  }

  @Test
  void aRollingRestartOfEveryNodeLosesNothingAndRunsNothingTwice() throws Exception {
    cluster = Cluster.start(dir, 3, Cluster.Balance.ROUNDROBIN);
    // Steps of 0.7 s until the restarts are done (up to 70 s: three restarts take about 15, more
    // on a loaded machine), then none: the pipeline runs across every restart, its rest at once.
    Path restarted = dir.resolve("restarted");
    long id =
        startPipeline(StepLines.alternatingUntil(100, dir.resolve("steps.txt"), "0.7", restarted));
    awaitRunning(id, "s2");
    for (Cluster.Node node : cluster.nodes) {
      JsonNode now = cluster.front.call("GET", "/api/v1/requests/" + id, null);
      assertThat(now.get("state").asText())
          .as("the pipeline outlasts the restarts")
          .isEqualTo("RUNNING");
      node.stop();
      node.start();
      cluster.awaitUp(node);
    }
    Files.createFile(restarted);
    JsonNode r = StepLines.ended(cluster.front, id, Duration.ofSeconds(90));
    StepLines.assertRanOnce(cluster.front, r, dir.resolve("steps.txt"), cluster.outputs());
  }
}
