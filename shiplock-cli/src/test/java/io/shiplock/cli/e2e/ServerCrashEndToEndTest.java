package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private String token;

  private JsonNode call(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return Json.MAPPER.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private JavaProcess server(int port) {
    JavaProcess p =
        JavaProcess.start(
            dir.resolve("server.log"),
            Map.of("SHIPLOCK_ADMIN_PASSWORD", "pw"),
            "server",
            "--home",
            dir.resolve("home").toString(),
            "--port",
            String.valueOf(port));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> call("GET", "/readyz", null).get("status").asText().equals("ready"));
    return p;
  }

  private JsonNode step(long request, String name) throws Exception {
    for (JsonNode s : call("GET", "/api/v1/requests/" + request, null).get("steps"))
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
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    JavaProcess server = server(port);
    JavaProcess restarted = null;
    try {
      token =
          call("POST", "/api/v1/login", "{\"user\": \"admin\", \"password\": \"pw\"}")
              .get("token")
              .asText();
      String apply =
          Json.MAPPER.writeValueAsString(
              Map.of("files", List.of(Map.of("name", "jobs.yaml", "content", CONFIG))));
      assertThat(call("POST", "/api/v1/config/apply", apply).get("applied").asBoolean()).isTrue();
      String agentToken = call("POST", "/api/v1/agents/agent-a/tokens", "{}").get("token").asText();
      try (JavaProcess agent =
          JavaProcess.start(
              dir.resolve("agent.log"),
              Map.of(),
              "agent",
              "--server",
              base,
              "--token",
              agentToken,
              "--name",
              "agent-a",
              "--work-dir",
              dir.resolve("work").toString())) {
        long id =
            call(
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
        restarted = server(port);
        {
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(300))
              .until(
                  () ->
                      !List.of("QUEUED", "RUNNING")
                          .contains(
                              call("GET", "/api/v1/requests/" + id, null).get("state").asText()));
          JsonNode r = call("GET", "/api/v1/requests/" + id, null);
          assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
          JsonNode longStep = step(id, "long");
          assertThat(longStep.get("attempt").asInt()).as("not re-run").isEqualTo(1);
          String log =
              call("GET", "/api/v1/steps/" + longStep.get("id").asLong() + "/log", null)
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
