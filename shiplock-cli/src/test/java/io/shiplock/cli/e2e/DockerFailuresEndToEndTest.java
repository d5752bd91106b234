package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker steps that fail inside a real pipeline: the step fails within its timeout with a message
 * that says why, nothing is left running, and the inventory records no half-done install.
 */
class DockerFailuresEndToEndTest {
  private static final String NAME =
      "shiplock-never-exits-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String CONFIG =
      """
      kind: Status
      name: Loaded
      scope: inventory
      ---
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Svc
      processes:
        - name: hang
          steps:
            - name: forever
              type: docker.run
              timeout: 2s
              with: {image: "shiplock/busybox:local", name: "%s", command: [sleep, "600"], detach: false}
            - {name: loaded, type: inventory.status.add, with: {status: Loaded}}
        - name: push-nowhere
          steps:
            - {name: tag, type: docker.tag, with: {source: "shiplock/busybox:local", target: "localhost:5999/svc:1"}}
            - {name: push, type: docker.push, with: {image: "localhost:5999/svc:1"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - {name: hang, steps: [{name: s, type: component.install, with: {component: Svc, process: hang}}]}
        - {name: push, steps: [{name: s, type: component.install, with: {component: Svc, process: push-nowhere}}]}
      ---
      kind: Environment
      application: App
      name: Dev
      resources: [{name: host, children: [{agent: worker, children: [{component: Svc}]}]}]
      """
          .formatted(NAME);

  @TempDir Path dir;
  private InProcessPipeline pipeline;

  @BeforeAll
  static void docker() {
    DockerAvailable.require();
  }

  @BeforeEach
  void start() {
    pipeline = new InProcessPipeline(dir, CONFIG, "worker");
    assertThat(pipeline.post("/api/v1/components/Svc/versions", "{\"name\": \"1.0\"}").status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  private JsonNode run(String process) {
    long id =
        pipeline
            .post(
                "/api/v1/requests",
                "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \""
                    + process
                    + "\", \"versions\": {\"Svc\": \"1.0\"}}")
            .json()
            .get("id")
            .asLong();
    return pipeline.awaitEnd(id);
  }

  @Test
  void aContainerThatNeverExitsFailsAtItsTimeoutAndIsRemoved() {
    JsonNode r = run("hang");
    assertThat(r.get("state").asText()).isEqualTo("FAILED");
    assertThat(r.get("message").asText()).contains("forever").contains("timed out after 2");
    // Whoever saw the deadline first (server or agent), the agent removes the container.
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              Process ps =
                  new ProcessBuilder(
                          "/usr/bin/docker", "ps", "-a", "--filter", "name=" + NAME, "-q")
                      .redirectErrorStream(true)
                      .start();
              return new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                  .strip()
                  .isEmpty();
            });
    JsonNode inventory = pipeline.get("/api/v1/applications/App/inventory");
    assertThat(inventory.get(0).get("version").isNull()).isTrue();
    assertThat(inventory.get(0).has("desired")).isFalse();
    assertThat(inventory.get(0).get("statuses")).isEmpty();
    JsonNode history =
        pipeline.get(
            "/api/v1/applications/App/inventory/history?environment=Dev&component=Svc&resource=host%2Fworker%2FSvc");
    assertThat(history.get(0).get("event").asText()).isEqualTo("install-failed");
  }

  @Test
  void aRegistryThatIsDownFailsThePushAndSaysWhich() {
    JsonNode r = run("push");
    assertThat(r.get("state").asText()).isEqualTo("FAILED");
    assertThat(r.get("message").asText()).contains("push");
    String log =
        pipeline
            .server
            .send("GET", "/api/v1/steps/" + stepId(r, "push") + "/log", pipeline.token, null)
            .body();
    assertThat(log).contains("push of localhost:5999/svc:1 (registry localhost:5999) failed");
  }

  private static long stepId(JsonNode request, String name) {
    for (JsonNode s : request.get("steps"))
      if (s.get("name").asText().equals(name)) return s.get("id").asLong();
    throw new AssertionError("no step " + name + " in " + request);
  }
}
