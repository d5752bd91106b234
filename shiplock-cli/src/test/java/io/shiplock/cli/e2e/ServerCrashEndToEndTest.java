package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server while an agent runs a step: after a restart on the same store the run
 * resumes, the agent delivers the output and result it kept, nothing is lost and nothing re-runs.
 */
class ServerCrashEndToEndTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Component
      name: Worker
      processes:
        - name: work
          steps:
            - {name: long, type: shell, with: {script: "echo start; sleep 6; echo end"}}
            - {name: after, type: shell, with: {script: "echo after"}}
      ---
      kind: Application
      name: Jobs
      components: [Worker]
      processes:
        - name: work
          steps:
            - {name: work, type: component.run, with: {component: Worker, process: work}}
      ---
      kind: Environment
      application: Jobs
      name: Prod
      resources:
        - agent: agent-a
          children: [{component: Worker}]
      """;

  @TempDir Path dir;
  private ServerProcesses servers;

  private JsonNode step(long request, String name) throws Exception {
    for (JsonNode s : servers.call("GET", "/api/v1/requests/" + request, null).get("steps"))
      if (s.get("name").asText().equals(name)) return s;
    return null;
  }

  @Test
  void aRunSurvivesAServerKilledMidStep() throws Exception {
    runThroughAnOutage(Duration.ZERO);
  }

  /**
   * Longer than the agent-silence limit (15 s): the server must not count the outage as the agent's
   * silence (it failed the step at restart and refused the agent's late result).
   */
  @Test
  void aStepRunsOnThroughAThirtySecondOutage() throws Exception {
    runThroughAnOutage(Duration.ofSeconds(30));
  }

  private void runThroughAnOutage(Duration outage) throws Exception {
    servers = new ServerProcesses(dir);
    JavaProcess server = servers.start();
    JavaProcess restarted = null;
    try {
      servers.logIn();
      assertThat(servers.apply("jobs.yaml", CONFIG)).isTrue();
      try (JavaProcess agent = servers.agent("agent-a")) {
        long id =
            servers
                .call(
                    "POST",
                    "/api/v1/requests",
                    "{\"application\": \"Jobs\", \"environment\": \"Prod\", \"process\": \"work\"}")
                .get("id")
                .asLong();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  JsonNode s = step(id, "long");
                  return s != null && s.get("state").asText().equals("RUNNING");
                });
        server.kill();
        Thread.sleep(outage.toMillis());
        restarted = servers.start();
        {
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(300))
              .until(
                  () ->
                      !List.of("QUEUED", "RUNNING")
                          .contains(
                              servers
                                  .call("GET", "/api/v1/requests/" + id, null)
                                  .get("state")
                                  .asText()));
          JsonNode r = servers.call("GET", "/api/v1/requests/" + id, null);
          assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
          JsonNode longStep = step(id, "long");
          assertThat(longStep.get("attempt").asInt()).as("not re-run").isEqualTo(1);
          String log =
              servers
                  .call("GET", "/api/v1/steps/" + longStep.get("id").asLong() + "/log", null)
                  .get("data")
                  .asText();
          assertThat(log)
              .as("every line, once; agent said:%n%s", agent.output())
              .isEqualTo("start\nend\n");
          assertThat(step(id, "after").get("state").asText()).isEqualTo("SUCCEEDED");
          assertThat(agent.isAlive()).isTrue();
        }
      }
    } finally {
      server.close();
      if (restarted != null) restarted.close();
    }
  }
}
