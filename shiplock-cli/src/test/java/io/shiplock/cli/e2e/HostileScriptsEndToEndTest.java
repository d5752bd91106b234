package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's hostile scripts against real processes: a precondition the server evaluates and
 * post-processing an agent runs. Each fails its own step with a message; the server keeps answering
 * and starts again on the same home; the agent keeps running.
 */
class HostileScriptsEndToEndTest {
  private static final String STACK_OVERFLOW = "var a=[];for(var i=0;i<200000;i++)a=[a];String(a)";

  /**
   * Issue 16's catastrophic regex where it reaches a regex engine with no interruption point
   * (Rhino's own): it runs to the precondition's full deadline.
   */
  private static final String REGEX = "/(.*a){15}z/.test(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\")";

  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Component
      name: Tool
      processes:
        - {name: deep, steps: [{name: s, type: shell, with: {script: 'echo hi'}, postProcessing: '%s'}]}
        - {name: surrogate, steps: [{name: s, type: shell, with: {script: 'echo hi'}, postProcessing: 'commandOut.println("\\uD800"); properties.put("Status", "Success");'}]}
        - {name: pad, steps: [{name: s, type: shell, with: {script: 'echo hi'}, postProcessing: '"".padEnd(1<<30,"x")'}]}
        - {name: plain, steps: [{name: s, type: shell, with: {script: 'echo hi'}}]}
      ---
      kind: Application
      name: App
      components: [Tool]
      processes:
        - {name: deepPre, steps: [{name: w, type: wait, with: {duration: 1ms}, precondition: '%s'}]}
        - {name: regexPre, steps: [{name: w, type: wait, with: {duration: 1ms}, precondition: '%s'}]}
        - {name: deep, steps: [{name: run, type: component.run, with: {component: Tool, process: deep}}]}
        - {name: surrogate, steps: [{name: run, type: component.run, with: {component: Tool, process: surrogate}}]}
        - {name: pad, steps: [{name: run, type: component.run, with: {component: Tool, process: pad}}]}
        - {name: plain, steps: [{name: run, type: component.run, with: {component: Tool, process: plain}}]}
      ---
      kind: Environment
      application: App
      name: Lab
      resources:
        - agent: agent-a
          children: [{component: Tool}]
      """
          .formatted(STACK_OVERFLOW, STACK_OVERFLOW.replace("'", "''"), REGEX);

  @TempDir Path dir;
  private ServerProcesses servers;
  private JavaProcess server;
  private JavaProcess agent;

  @AfterEach
  void stop() {
    if (agent != null) agent.close();
    if (server != null) server.close();
  }

  private void startServer() throws Exception {
    servers = servers == null ? new ServerProcesses(dir) : servers;
    server = servers.start();
    servers.logIn();
  }

  private void apply() throws Exception {
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "app.yaml", "content", CONFIG))));
    HttpResponse<String> r = servers.send("POST", "/api/v1/config/apply", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private long request(String process) throws Exception {
    HttpResponse<String> r =
        servers.send(
            "POST",
            "/api/v1/requests",
            "{\"application\": \"App\", \"environment\": \"Lab\", \"process\": \""
                + process
                + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.MAPPER.readTree(r.body()).get("id").asLong();
  }

  private JsonNode awaitEnd(long id) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                !List.of("QUEUED", "RUNNING")
                    .contains(
                        servers.call("GET", "/api/v1/requests/" + id, null).get("state").asText()));
    try {
      return servers.call("GET", "/api/v1/requests/" + id, null);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode onlyStep(JsonNode request, String name) {
    for (JsonNode s : request.get("steps")) if (s.get("path").asText().endsWith(name)) return s;
    throw new AssertionError("no step " + name + " in " + request);
  }

  @Test
  void aHostilePreconditionFailsItsStepWhileTheServerAnswersAndSurvivesARestart() throws Exception {
    startServer();
    apply();

    // The regex runs to the precondition deadline; meanwhile the server answers other calls.
    CompletableFuture<HttpResponse<String>> made =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return servers.send(
                    "POST",
                    "/api/v1/requests",
                    "{\"application\": \"App\", \"environment\": \"Lab\", \"process\": \"regexPre\"}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    long t0 = System.nanoTime();
    HttpResponse<String> other = servers.send("GET", "/api/v1/applications", null);
    long answeredMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(other.statusCode()).isEqualTo(200);
    // A server held by the evaluation (2 s) would answer about 1.7 s after t0; a loaded machine
    // may take a second for a call that is not held.
    assertThat(answeredMillis).as("another call answers during the evaluation").isLessThan(1_500);
    HttpResponse<String> regexMade = made.get();
    assertThat(regexMade.statusCode()).as(regexMade.body()).isEqualTo(201);
    long regexId = Json.MAPPER.readTree(regexMade.body()).get("id").asLong();
    JsonNode regex = awaitEnd(regexId);
    assertThat(regex.get("state").asText()).as(regex.toString()).isEqualTo("FAILED");
    assertThat(onlyStep(regex, "w").get("message").asText())
        .contains("precondition")
        .containsAnyOf("time limit", "memory than its limit");

    long deep = request("deepPre");
    JsonNode deepEnd = awaitEnd(deep);
    assertThat(deepEnd.get("state").asText()).isEqualTo("FAILED");
    assertThat(onlyStep(deepEnd, "w").get("message").asText())
        .containsAnyOf("nested too deeply", "memory than its limit");

    // Killed while a hostile precondition is evaluated: recovery evaluates it again at start-up.
    var inFlight =
        CompletableFuture.runAsync(
            () -> {
              try {
                servers.send(
                    "POST",
                    "/api/v1/requests",
                    "{\"application\": \"App\", \"environment\": \"Lab\", \"process\": \"regexPre\"}");
              } catch (Exception e) {
                // the server is killed under it
              }
            });
    Thread.sleep(500);
    server.kill();
    server.close();
    inFlight.join(); // its call ends with the server
    startServer();
    for (JsonNode r : servers.call("GET", "/api/v1/requests?limit=100", null)) {
      JsonNode end = awaitEnd(r.get("id").asLong());
      assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("FAILED");
    }
  }

  @Test
  void hostilePostProcessingFailsTheStepAndTheAgentKeepsRunning() throws Exception {
    startServer();
    apply();
    agent = servers.agent("agent-a");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> servers.call("GET", "/api/v1/agents", null).get(0).get("online").asBoolean());
    Map<String, List<String>> failures =
        Map.of(
            "deep", List.of("nested too deeply", "memory than its limit"),
            "pad", List.of("padEnd() would make a string"));
    for (Map.Entry<String, List<String>> f : failures.entrySet()) {
      JsonNode r = awaitEnd(request(f.getKey()));
      assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("FAILED");
      assertThat(onlyStep(r, "/ s").get("message").asText())
          .containsAnyOf(f.getValue().toArray(String[]::new));
    }
    JsonNode surrogate = awaitEnd(request("surrogate"));
    assertThat(surrogate.get("state").asText()).as(surrogate.toString()).isEqualTo("SUCCEEDED");
    assertThat(agent.isAlive()).isTrue();
    JsonNode plain = awaitEnd(request("plain"));
    assertThat(plain.get("state").asText()).as("the agent still runs steps").isEqualTo("SUCCEEDED");
  }
}
