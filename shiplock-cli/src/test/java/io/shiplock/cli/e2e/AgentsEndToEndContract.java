package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFiles;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples/shell-pipeline application process on two real agent processes: properties, a
 * post-processing script, a precondition, a failure edge; and an agent killed mid-step.
 */
abstract class AgentsEndToEndContract {
  /** The store the server runs on: {@code sqlite} (the embedded one) or {@code postgresql}. */
  protected abstract String dialect();

  @TempDir Path dir;
  private TestServer server;
  private String token;
  private final List<JavaProcess> agents = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // Above the 100 MB the loud step prints: that test is about the agent's memory, not the limit
    // (AgentWorkScopeTest tests the limit).
    server = new TestServer(dialect(), Map.of("SHIPLOCK_STEP_LOG_LIMIT", "200000000"));
    token = server.adminToken();
    var files = SourceFiles.load(Path.of("../examples/shell-pipeline"));
    assertThat(server.apply(token, files).status()).isEqualTo(200);
    assertThat(post("/api/v1/components/Greeter/versions", "{\"name\": \"1.0\"}").status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() throws Exception {
    for (JavaProcess a : agents) a.close();
    server.close();
  }

  private TestServer.Response post(String path, String body) {
    return server.send("POST", path, token, body);
  }

  private JsonNode get(String path) {
    return server.send("GET", path, token, null).json();
  }

  private JavaProcess agent(String name) {
    return agent(name, List.of("-Xmx256m"));
  }

  private JavaProcess agent(String name, List<String> jvm) {
    String agentToken = server.agentToken(token, name);
    JavaProcess p =
        JavaProcess.start(
            dir.resolve(name + ".log"),
            Map.of(),
            jvm,
            "agent",
            "--server",
            server.url(),
            "--token",
            agentToken,
            "--name",
            name,
            "--work-dir",
            dir.resolve(name).toString());
    agents.add(p);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode a : get("/api/v1/agents"))
                if (a.get("name").asText().equals(name)) return a.get("online").asBoolean();
              return false;
            });
    return p;
  }

  private long request(String process) {
    var r =
        post(
            "/api/v1/requests",
            "{\"application\": \"Greetings\", \"environment\": \"Staging\", \"process\": \""
                + process
                + "\", \"versions\": {\"Greeter\": \"1.0\"}, \"properties\": {\"who\": \"ops\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asLong();
  }

  private JsonNode awaitEnd(long id, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                !List.of("QUEUED", "RUNNING")
                    .contains(get("/api/v1/requests/" + id).get("state").asText()));
    return get("/api/v1/requests/" + id);
  }

  private static JsonNode step(JsonNode request, String path) {
    for (JsonNode s : request.get("steps")) if (s.get("path").asText().equals(path)) return s;
    throw new AssertionError("no step " + path + " in " + request);
  }

  @Test
  void theShellPipelineRunsOnTwoAgentProcesses() {
    agent("agent-a");
    agent("agent-b");
    long id = request("deploy");
    JsonNode r = awaitEnd(id, Duration.ofSeconds(60));
    assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
    for (String agent : List.of("agent-a", "agent-b")) {
      String base = "install / hosts/" + agent + "/Greeter / ";
      JsonNode build = step(r, base + "build");
      assertThat(build.get("agent").asText()).isEqualTo(agent);
      assertThat(build.at("/outputs/buildId").asText())
          .as("set by the post-processing script")
          .isEqualTo("b-1.0-42");
      assertThat(step(r, base + "optional").get("state").asText())
          .as("precondition false")
          .isEqualTo("SKIPPED");
      assertThat(step(r, base + "flaky").get("state").asText()).isEqualTo("FAILED");
      assertThat(step(r, base + "recover").get("state").asText())
          .as("the failure edge ran")
          .isEqualTo("SUCCEEDED");
      JsonNode log = get("/api/v1/steps/" + step(r, base + "greet").get("id").asLong() + "/log");
      assertThat(log.get("data").asText()).isEqualTo("Hello, staging! build b-1.0-42 for ops\n");
      assertThat(get("/api/v1/steps/" + build.get("id").asLong() + "/log").get("data").asText())
          .isEqualTo("building Greeter 1.0 on " + agent + "\nBUILD-ID: b-1.0-42\n");
    }
    assertThat(get("/api/v1/components/Greeter/versions/1.0").get("statuses").toString())
        .contains("Verified");
  }

  private static final String SLEEPER =
      """
      kind: Component
      name: Sleeper
      processes:
        - name: nap
          steps:
            - {name: nap, type: shell, with: {script: "echo napping; sleep 300"}, onFailure: [cleanup]}
            - {name: cleanup, type: shell, with: {script: "echo cleaning up"}}
      ---
      kind: Application
      name: Naps
      components: [Sleeper]
      processes:
        - name: nap
          steps:
            - {name: nap, type: component.run, with: {component: Sleeper, process: nap}}
      ---
      kind: Environment
      application: Naps
      name: Beds
      resources:
        - agent: agent-a
          children: [{component: Sleeper}]
      """;

  @Test
  void anAgentKilledMidStepFailsTheStepWithinThirtySecondsAndTheFailureEdgeRuns() throws Exception {
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "sleeper.yaml", "content", SLEEPER))));
    assertThat(post("/api/v1/config/apply", body).status()).isEqualTo(200);
    JavaProcess a = agent("agent-a");
    var made =
        post(
            "/api/v1/requests",
            "{\"application\": \"Naps\", \"environment\": \"Beds\", \"process\": \"nap\"}");
    long id = made.json().get("id").asLong();
    String nap = "nap / agent-a/Sleeper / nap";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> step(get("/api/v1/requests/" + id), nap).get("state").asText().equals("RUNNING"));
    long killedAt = System.nanoTime();
    a.kill();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> step(get("/api/v1/requests/" + id), nap).get("state").asText().equals("FAILED"));
    Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
    JsonNode failed = step(get("/api/v1/requests/" + id), nap);
    assertThat(failed.get("message").asText()).contains("agent 'agent-a' stopped answering");
    assertThat(failed.get("attempt").asInt()).as("never silently re-run").isEqualTo(1);
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    // The failure edge leads to cleanup, which needs the agent: a restarted agent picks it up.
    agent("agent-a");
    JsonNode end = awaitEnd(id, Duration.ofSeconds(30));
    assertThat(step(end, "nap / agent-a/Sleeper / cleanup").get("state").asText())
        .isEqualTo("SUCCEEDED");
    assertThat(end.get("state").asText()).isEqualTo("SUCCEEDED");
  }

  private static final String LOUD =
      """
      kind: Component
      name: Loud
      processes:
        - name: shout
          steps:
            - name: shout
              type: shell
              with:
                script: |
                  awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "line %07d %s\\n", i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }'
              postProcessing: |
                scanner.register("^line 1000000 ", function(n, line) { properties.put("lastLine", n); });
                scanner.scan();
                properties.put("Status", properties.get("lastLine") == 1000000 ? "Success" : "Failure");
      ---
      kind: Application
      name: Noise
      components: [Loud]
      processes:
        - {name: shout, steps: [{name: shout, type: component.run, with: {component: Loud, process: shout}}]}
      ---
      kind: Environment
      application: Noise
      name: Hall
      resources:
        - agent: agent-a
          children: [{component: Loud}]
      """;

  @Test
  void aHundredMegabytesOfOutputReachTheServerWholeFromAnAgentWith64MiBOfHeap() throws Exception {
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "loud.yaml", "content", LOUD))));
    assertThat(post("/api/v1/config/apply", body).status()).isEqualTo(200);
    JavaProcess a = agent("agent-a", List.of("-Xmx64m", "-XX:+UseSerialGC"));
    long id =
        post(
                "/api/v1/requests",
                "{\"application\": \"Noise\", \"environment\": \"Hall\", \"process\": \"shout\"}")
            .json()
            .get("id")
            .asLong();
    JsonNode r = awaitEnd(id, Duration.ofMinutes(2));
    JsonNode shout = step(r, "shout / agent-a/Loud / shout");
    assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
    assertThat(shout.at("/outputs/lastLine").asText()).isEqualTo("1000000");
    long lines = 0;
    long bytes = 0;
    String after = "0:0";
    String last = null;
    while (true) {
      JsonNode log =
          get("/api/v1/steps/" + shout.get("id").asLong() + "/log?limit=100&after=" + after);
      String data = log.get("data").asText();
      if (data.isEmpty()) break;
      bytes += data.length();
      for (int i = data.indexOf('\n'); i >= 0; i = data.indexOf('\n', i + 1)) lines++;
      last = data;
      after = log.get("next").asText();
    }
    assertThat(lines).isEqualTo(1_000_000);
    assertThat(bytes).isGreaterThan(100_000_000L);
    assertThat(last).endsWith("line 1000000 " + "x".repeat(91) + "\n");
    assertThat(a.isAlive()).as("the agent did not run out of memory").isTrue();
  }
}
