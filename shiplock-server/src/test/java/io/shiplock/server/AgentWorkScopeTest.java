package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent sees only its own work (issue 16, items 7–9): it reads the files of versions it has work
 * on, reports only on work it has taken, and writes a step's log only while the step runs and only
 * up to the per-step limit. The test speaks the agent protocol itself, so every refusal is seen at
 * the wire.
 */
class AgentWorkScopeTest {
  private static final int LIMIT = 1024;
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Agent
      name: agent-b
      ---
      kind: Component
      name: Svc
      processes:
        - name: say
          steps:
            - {name: say, type: shell, with: {script: "echo hi"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: say
          steps:
            - {name: say, type: component.run, with: {component: Svc, process: say}}
      ---
      kind: Environment
      application: App
      name: Dev
      resources:
        - agent: agent-a
          children: [{component: Svc}]
      """;

  private TestServer server;
  private String admin;
  private String agentA;
  private String agentB;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer("sqlite", Map.of("SHIPLOCK_STEP_LOG_LIMIT", String.valueOf(LIMIT)));
    admin = server.adminToken();
    String apply =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "app.yaml", "content", CONFIG))));
    assertThat(server.send("POST", "/api/v1/config/apply", admin, apply).status()).isEqualTo(200);
    agentA = server.agentToken(admin, "agent-a");
    agentB = server.agentToken(admin, "agent-b");
    server.hello(agentA);
    server.hello(agentB);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String digest(String content) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** A version of Svc holding one file; answers the file's digest. */
  private String version(String name, String content) throws Exception {
    String digest = digest(content);
    assertThat(server.send("PUT", "/api/v1/blobs/" + digest, admin, content).status())
        .isLessThan(300);
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of(
                "name",
                name,
                "files",
                List.of(
                    Map.of("path", name + ".txt", "digest", digest, "size", content.length()))));
    var made = server.send("POST", "/api/v1/components/Svc/versions", admin, body);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return digest;
  }

  private TestServer.Response asAgent(String method, String path, String token, Object body)
      throws Exception {
    return server.send(
        method, path, token, body == null ? null : Json.MAPPER.writeValueAsString(body));
  }

  @Test
  void anAgentReadsAndReportsOnlyWorkItHasTaken() throws Exception {
    String d1 = version("v1", "content of v1");
    String d2 = version("v2", "content of v2");
    // A new store numbers versions from 1: ids are guessable, which is why they prove nothing.
    long v1 = 1;
    long v2 = 2;
    long request =
        server
            .send(
                "POST",
                "/api/v1/requests",
                admin,
                "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \"say\","
                    + " \"versions\": {\"Svc\": \"v1\"}}")
            .json()
            .get("id")
            .asLong();
    long step = stepOf(request);

    // Queued for agent-a, not taken yet: nothing of it is agent-a's.
    var early = asAgent("GET", "/api/v1/agent/versions/" + v1 + "/files", agentA, null);
    assertThat(early.status()).as(early.body()).isEqualTo(403);
    var forged =
        asAgent(
            "POST",
            "/api/v1/agent/steps/" + step + "/result",
            agentA,
            Map.of("attempt", 1, "state", "SUCCEEDED", "outputs", Map.of()));
    assertThat(forged.status()).as(forged.body()).isEqualTo(403);
    assertThat(forged.json().get("message").asText()).contains("has not been taken");
    assertThat(
            asAgent(
                    "POST",
                    "/api/v1/agent/steps/" + step + "/started",
                    agentA,
                    Map.of("attempt", 1))
                .status())
        .isEqualTo(403);
    assertThat(
            asAgent(
                    "POST",
                    "/api/v1/agent/steps/" + step + "/log",
                    agentA,
                    Map.of("attempt", 1, "seq", 1, "data", "x"))
                .status())
        .isEqualTo(403);
    assertThat(state(request)).isNotEqualTo("SUCCEEDED");

    // Taken: its version's files and their blobs are readable, nothing else.
    JsonNode work = asAgent("GET", "/api/v1/agent/work?wait=5", agentA, null).json().get("work");
    assertThat(work).hasSize(1);
    assertThat(work.get(0).get("stepId").asLong()).isEqualTo(step);
    assertThat(work.get(0).at("/version/id").asLong()).isEqualTo(v1);
    var files = asAgent("GET", "/api/v1/agent/versions/" + v1 + "/files", agentA, null);
    assertThat(files.status()).isEqualTo(200);
    assertThat(files.json().at("/files/0/path").asText()).isEqualTo("v1.txt");
    var blob = asAgent("GET", "/api/v1/agent/blobs/" + d1, agentA, null);
    assertThat(blob.status()).isEqualTo(200);
    assertThat(blob.body()).isEqualTo("content of v1");
    assertThat(asAgent("GET", "/api/v1/agent/versions/" + v2 + "/files", agentA, null).status())
        .isEqualTo(403);
    assertThat(asAgent("GET", "/api/v1/agent/blobs/" + d2, agentA, null).status()).isEqualTo(403);
    assertThat(asAgent("GET", "/api/v1/agent/versions/" + v1 + "/files", agentB, null).status())
        .isEqualTo(403);
    assertThat(asAgent("GET", "/api/v1/agent/blobs/" + d1, agentB, null).status()).isEqualTo(403);

    // The log keeps LIMIT characters of the attempt; the rest is counted and dropped.
    String path = "/api/v1/agent/steps/" + step + "/log";
    assertThat(
            asAgent("POST", path, agentA, Map.of("attempt", 1, "seq", 1, "data", "a".repeat(1000)))
                .json()
                .get("appended")
                .asText())
        .isEqualTo("STORED");
    assertThat(
            asAgent("POST", path, agentA, Map.of("attempt", 1, "seq", 2, "data", "b".repeat(100)))
                .json()
                .get("appended")
                .asText())
        .isEqualTo("CUT");
    for (int seq = 3; seq < 43; seq++)
      assertThat(
              asAgent(
                      "POST",
                      path,
                      agentA,
                      Map.of("attempt", 1, "seq", seq, "data", "c".repeat(100_000)))
                  .json()
                  .get("appended")
                  .asText())
          .isEqualTo("DROPPED");
    var result =
        asAgent(
            "POST",
            "/api/v1/agent/steps/" + step + "/result",
            agentA,
            Map.of(
                "attempt",
                1,
                "state",
                "SUCCEEDED",
                "outputs",
                Map.of(),
                "log",
                Map.of("attempt", 1, "seq", 43, "data", "bye\n")));
    assertThat(result.json().get("applied").asText()).isEqualTo("APPLIED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(request).equals("SUCCEEDED"));
    String log =
        server
            .send("GET", "/api/v1/steps/" + step + "/log", admin, null)
            .json()
            .get("data")
            .asText();
    long dropped = 76 + 40 * 100_000 + 4;
    assertThat(log)
        .startsWith("a".repeat(1000) + "b".repeat(24) + "\n[shiplock] this step's output reached")
        .endsWith(
            "[shiplock] " + dropped + " characters of output were dropped past the log limit\n")
        .doesNotContain("ccc");

    // Ended: the log is closed and the version's files are no longer the agent's to read.
    var late = asAgent("POST", path, agentA, Map.of("attempt", 1, "seq", 44, "data", "late"));
    assertThat(late.status()).as(late.body()).isEqualTo(409);
    assertThat(late.json().get("message").asText()).contains("log is closed");
    assertThat(asAgent("GET", "/api/v1/agent/versions/" + v1 + "/files", agentA, null).status())
        .isEqualTo(403);
  }

  private String state(long request) {
    return server
        .send("GET", "/api/v1/requests/" + request, admin, null)
        .json()
        .get("state")
        .asText();
  }

  private long stepOf(long request) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (JsonNode s :
                  server
                      .send("GET", "/api/v1/requests/" + request, admin, null)
                      .json()
                      .get("steps"))
                if (s.get("type").asText().equals("shell")
                    && s.get("state").asText().equals("DISPATCHED")) return true;
              return false;
            });
    for (JsonNode s :
        server.send("GET", "/api/v1/requests/" + request, admin, null).json().get("steps"))
      if (s.get("type").asText().equals("shell")) return s.get("id").asLong();
    throw new AssertionError("no shell step");
  }
}
