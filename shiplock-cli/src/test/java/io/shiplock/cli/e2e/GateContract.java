package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gates: checked when a request is made, and again just before each install. */
abstract class GateContract {
  /** The store the server runs on: {@code sqlite} (the embedded one) or {@code postgresql}. */
  protected abstract String dialect();

  private static final String CONFIG =
      """
      kind: Status
      name: Passed
      scope: version
      ---
      kind: Status
      name: Current
      scope: version
      unique: true
      ---
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Svc
      processes:
        - {name: deploy, steps: [{name: deploy, type: shell, with: {argv: [echo, "deploying ${p:version.name}"]}}]}
        - {name: pass, steps: [{name: mark, type: version.status.add, with: {status: Passed}}]}
        - {name: unpass, steps: [{name: unmark, type: version.status.remove, with: {status: Passed}}]}
        - {name: current, steps: [{name: mark, type: version.status.add, with: {status: Current}}]}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - {name: pass, steps: [{name: s, type: component.run, with: {component: Svc, process: pass}}]}
        - {name: unpass, steps: [{name: s, type: component.run, with: {component: Svc, process: unpass}}]}
        - {name: current, steps: [{name: s, type: component.run, with: {component: Svc, process: current}}]}
        - name: deploy
          steps:
            - {name: settle, type: wait, with: {duration: 2s}}
            - {name: install, type: component.install, with: {component: Svc, process: deploy}}
      ---
      kind: Environment
      application: App
      name: Dev
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Environment
      application: App
      name: Prod
      gate:
        allOf: [Passed]
      resources: [{agent: worker, children: [{component: Svc}]}]
      """;

  @TempDir Path dir;
  private InProcessPipeline pipeline;
  private TestServer server;
  private String token;

  @BeforeEach
  void start() {
    pipeline = new InProcessPipeline(dialect(), dir, CONFIG, "worker");
    server = pipeline.server;
    token = pipeline.token;
    assertThat(pipeline.post("/api/v1/components/Svc/versions", "{\"name\": \"1.0\"}").status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  private TestServer.Response request(String env, String process) {
    return server.send(
        "POST",
        "/api/v1/requests",
        token,
        "{\"application\": \"App\", \"environment\": \""
            + env
            + "\", \"process\": \""
            + process
            + "\", \"versions\": {\"Svc\": \"1.0\"}}");
  }

  private JsonNode awaitEnd(long id) {
    return pipeline.awaitEnd(id);
  }

  @Test
  void aVersionWithoutTheStatusIsRefusedBeforeAnythingRuns() {
    var refused = request("Prod", "deploy");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText())
        .isEqualTo("the gate of environment 'Prod' refuses Svc 1.0: missing status Passed");
    assertThat(server.send("GET", "/api/v1/requests", token, null).json()).isEmpty();
  }

  @Test
  void theGateIsCheckedAgainJustBeforeTheInstall() {
    assertThat(awaitEnd(request("Dev", "pass").json().get("id").asLong()).get("state").asText())
        .isEqualTo("SUCCEEDED");
    var accepted = request("Prod", "deploy");
    assertThat(accepted.status()).isEqualTo(201);
    // While Prod's request waits, the version loses its status.
    assertThat(awaitEnd(request("Dev", "unpass").json().get("id").asLong()).get("state").asText())
        .isEqualTo("SUCCEEDED");
    JsonNode prod = awaitEnd(accepted.json().get("id").asLong());
    assertThat(prod.get("state").asText()).isEqualTo("FAILED");
    assertThat(prod.get("message").asText())
        .contains("missing status Passed")
        .contains("checked again before the install");
  }

  @Test
  void aVersionWithTheStatusGoesThrough() {
    awaitEnd(request("Dev", "pass").json().get("id").asLong());
    JsonNode prod = awaitEnd(request("Prod", "deploy").json().get("id").asLong());
    assertThat(prod.get("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aUniqueStatusMovesToTheNewVersion() {
    assertThat(
            server
                .send("POST", "/api/v1/components/Svc/versions", token, "{\"name\": \"2.0\"}")
                .status())
        .isEqualTo(201);
    awaitEnd(request("Dev", "current").json().get("id").asLong());
    var second =
        server.send(
            "POST",
            "/api/v1/requests",
            token,
            "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \"current\", \"versions\": {\"Svc\": \"2.0\"}}");
    awaitEnd(second.json().get("id").asLong());
    assertThat(
            server
                .send("GET", "/api/v1/components/Svc/versions/1.0", token, null)
                .json()
                .get("statuses"))
        .isEmpty();
    assertThat(
            server
                .send("GET", "/api/v1/components/Svc/versions/2.0", token, null)
                .json()
                .get("statuses")
                .toString())
        .contains("Current");
  }
}
