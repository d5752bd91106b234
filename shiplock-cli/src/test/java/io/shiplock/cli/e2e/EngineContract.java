package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.cli.CliRunner;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine behaviour over the real protocol with an in-process agent (the same code as the agent
 * process): secrets masked before upload, retries only when retryable, cancellation, timeouts,
 * waits, request properties, unresolved references, forged and replayed results.
 */
abstract class EngineContract {
  /** The store the server runs on: {@code sqlite} (the embedded one) or {@code postgresql}. */
  protected abstract String dialect();

  private static final String CONFIG =
      """
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Job
      environmentProperties: [{name: imageId, default: none}]
      processes:
        - name: record
          steps:
            - {name: remember, type: property.set, with: {scope: componentEnvironment, name: imageId, value: "sha256:${p:request.id}"}}
        - name: show
          steps:
            - {name: print, type: shell, with: {argv: [echo, "image ${p:imageId}"]}}
        - name: secret
          steps:
            - {name: show, type: shell, with: {script: "echo pw=${p:environment/password}; printf '%%s' '${p:environment/password}' | base64"}}
        - name: retry
          steps:
            - name: flaky
              type: shell
              retryable: true
              with: {script: "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo try $n; [ $n -ge 3 ]"}
        - name: once
          steps:
            - {name: fails, type: shell, with: {script: "echo failing; exit 1"}}
        - name: slow
          steps:
            - {name: sleep, type: shell, timeout: 2s, with: {script: "sleep 30"}}
        - name: wait
          steps:
            - {name: pause, type: wait, with: {duration: 1s}}
            - {name: remember, type: property.set, with: {name: color, value: blue}}
            - {name: use, type: shell, with: {argv: [echo, "${p:color} ${p:remember/color}"]}}
        - name: broken
          steps:
            - {name: missing, type: shell, with: {argv: [echo, "${p:nowhere}"]}}
        - name: nap
          steps:
            - {name: nap, type: shell, with: {script: "echo napping; sleep 60"}}
        - name: locked
          steps:
            - {name: take, type: lock.acquire}
            - {name: work, type: shell, with: {script: "echo working; sleep 2"}}
        - name: impatient
          steps:
            - {name: take, type: lock.acquire, with: {name: "agent:worker", timeout: 1s}}
        - name: lockednap
          steps:
            - {name: take, type: lock.acquire}
            - {name: nap, type: shell, with: {script: "echo napping; sleep 60"}}
        - name: handback
          steps:
            - {name: take, type: lock.acquire}
            - {name: pause, type: wait, with: {duration: 3s}}
            - {name: give, type: lock.release}
            - {name: work, type: shell, with: {script: "sleep 4"}}
        - name: longname
          steps:
            - {name: take, type: lock.acquire, with: {name: "%s"}}
        - name: values
          steps:
            - {name: greet, type: shell, with: {script: 'echo "hello ${p:request/who}"'}}
            - {name: tests, type: shell, precondition: '"${p:request/runTests}" == "true"', with: {argv: [echo, ran]}}
      ---
      kind: Application
      name: App
      components: [Job]
      processes:
        - {name: secret, steps: [{name: s, type: component.run, with: {component: Job, process: secret}}]}
        - {name: record, steps: [{name: s, type: component.run, with: {component: Job, process: record}}]}
        - {name: show, steps: [{name: s, type: component.run, with: {component: Job, process: show}}]}
        - {name: retry, steps: [{name: s, type: component.run, with: {component: Job, process: retry}}]}
        - {name: once, steps: [{name: s, type: component.run, with: {component: Job, process: once}}]}
        - {name: slow, steps: [{name: s, type: component.run, with: {component: Job, process: slow}}]}
        - {name: wait, steps: [{name: s, type: component.run, with: {component: Job, process: wait}}]}
        - {name: broken, steps: [{name: s, type: component.run, with: {component: Job, process: broken}}]}
        - {name: nap, steps: [{name: s, type: component.run, with: {component: Job, process: nap}}]}
        - {name: values, steps: [{name: s, type: component.run, with: {component: Job, process: values}}]}
        - {name: locked, steps: [{name: s, type: component.run, with: {component: Job, process: locked}}]}
        - {name: impatient, steps: [{name: s, type: component.run, with: {component: Job, process: impatient}}]}
        - {name: handback, steps: [{name: s, type: component.run, with: {component: Job, process: handback}}]}
        - {name: lockednap, steps: [{name: s, type: component.run, with: {component: Job, process: lockednap}}]}
        - {name: longname, steps: [{name: s, type: component.run, with: {component: Job, process: longname}}]}
        - name: twice
          steps:
            - {name: first, type: component.run, with: {component: Job, process: locked}}
            - {name: again, type: component.run, with: {component: Job, process: locked}}
      ---
      kind: Environment
      application: App
      name: Env
      properties:
        password: {secure: true, value: "hunter2-is-secret"}
      resources:
        - agent: worker
          children: [{component: Job}]
      """
          .formatted("x".repeat(401));

  @TempDir Path dir;
  private InProcessPipeline pipeline;
  private TestServer server;
  private String token;
  private String agentToken;

  @BeforeEach
  void start() {
    pipeline = new InProcessPipeline(dialect(), dir, CONFIG, "worker");
    server = pipeline.server;
    token = pipeline.token;
    agentToken = pipeline.agentToken;
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  private JsonNode get(String path) {
    return pipeline.get(path);
  }

  private long request(String process) {
    var r =
        server.send(
            "POST",
            "/api/v1/requests",
            token,
            "{\"application\": \"App\", \"environment\": \"Env\", \"process\": \""
                + process
                + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asLong();
  }

  @Test
  void requestPropertiesAreValuesNeverShellOrScriptCode() throws Exception {
    // The reproducers, sent by a requester: with values pasted into the script and the
    // precondition, the first created a file on the agent and the second ran a skipped step.
    String who = "\"; touch pwned; echo \"";
    String runTests = "x\" || true || \"";
    var made =
        server.send(
            "POST",
            "/api/v1/requests",
            token,
            Json.MAPPER.writeValueAsString(
                Map.of(
                    "application", "App",
                    "environment", "Env",
                    "process", "values",
                    "properties", Map.of("who", who, "runTests", runTests))));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    JsonNode r = awaitEnd(made.json().get("id").asLong());
    assertThat(r.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(log(leaf(r, "greet"))).contains("hello " + who);
    assertThat(leaf(r, "tests").get("state").asText()).isEqualTo("SKIPPED");
    try (var files = Files.walk(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).doesNotContain("pwned");
    }
  }

  private JsonNode awaitEnd(long id) {
    return pipeline.awaitEnd(id);
  }

  private JsonNode leaf(JsonNode request, String name) {
    for (JsonNode s : request.get("steps")) if (s.get("name").asText().equals(name)) return s;
    throw new AssertionError(name);
  }

  private String log(JsonNode step) {
    return get("/api/v1/steps/" + step.get("id").asLong() + "/log").get("data").asText();
  }

  @Test
  void secureValuesAreMaskedOnTheAgentBeforeUpload() {
    JsonNode r = awaitEnd(request("secret"));
    assertThat(r.get("state").asText()).isEqualTo("SUCCEEDED");
    String log = log(leaf(r, "show"));
    assertThat(log).isEqualTo("pw=****\n****\n").doesNotContain("hunter2");
    assertThat(r.toString()).doesNotContain("hunter2");
  }

  @Test
  void aRetryableStepIsRetriedUntilItSucceedsAndANonRetryableOneIsNot() {
    JsonNode retried = awaitEnd(request("retry"));
    assertThat(retried.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(leaf(retried, "flaky").get("attempt").asInt()).isEqualTo(3);
    assertThat(log(leaf(retried, "flaky"))).isEqualTo("try 1\ntry 2\ntry 3\n");
    JsonNode once = awaitEnd(request("once"));
    assertThat(once.get("state").asText()).isEqualTo("FAILED");
    assertThat(leaf(once, "fails").get("attempt").asInt()).isEqualTo(1);
    assertThat(once.get("message").asText()).contains("step 'fails' failed: exit code 1");
  }

  @Test
  void aStepThatOutlivesItsTimeoutFails() {
    JsonNode r = awaitEnd(request("slow"));
    assertThat(r.get("state").asText()).isEqualTo("FAILED");
    assertThat(leaf(r, "sleep").get("message").asText()).contains("timed out after 2");
  }

  @Test
  void waitsAreStateAndRequestPropertiesFlowToLaterSteps() {
    long t0 = System.nanoTime();
    JsonNode r = awaitEnd(request("wait"));
    assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(log(leaf(r, "use"))).isEqualTo("blue blue\n");
    assertThat(r.at("/properties/color").asText()).isEqualTo("blue");
  }

  @Test
  void componentEnvironmentValuesRecordedByAStepAreSeenByLaterRunsAndShown() {
    JsonNode before = awaitEnd(request("show"));
    assertThat(log(leaf(before, "print"))).isEqualTo("image none\n");
    long recorded = request("record");
    assertThat(awaitEnd(recorded).get("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode after = awaitEnd(request("show"));
    assertThat(log(leaf(after, "print"))).isEqualTo("image sha256:" + recorded + "\n");
    JsonNode shown = get("/api/v1/applications/App/environments/Env/component-properties");
    assertThat(shown.get(0).get("name").asText()).isEqualTo("imageId");
    assertThat(shown.get(0).get("value").asText()).isEqualTo("sha256:" + recorded);
    assertThat(shown.get(0).get("source").asText()).isEqualTo("runtime");
    assertThat(shown.get(0).get("request").asLong()).isEqualTo(recorded);
  }

  @Test
  void anUnresolvedPropertyFailsTheStepNamingIt() {
    JsonNode r = awaitEnd(request("broken"));
    assertThat(r.get("state").asText()).isEqualTo("FAILED");
    assertThat(leaf(r, "missing").get("message").asText())
        .contains("step 'missing'")
        .contains("property 'nowhere' is not defined");
  }

  @Test
  void cancelStopsTheRunningStep() {
    long id = request("nap");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                leaf(get("/api/v1/requests/" + id), "nap").get("state").asText().equals("RUNNING"));
    assertThat(server.send("POST", "/api/v1/requests/" + id + "/cancel", token, "{}").status())
        .isEqualTo(200);
    JsonNode r = awaitEnd(id);
    assertThat(r.get("state").asText()).isEqualTo("CANCELED");
    assertThat(leaf(r, "nap").get("state").asText()).isEqualTo("CANCELED");
    assertThat(server.send("POST", "/api/v1/requests/" + id + "/cancel", token, "{}").status())
        .isEqualTo(409);
  }

  private JsonNode step(long request, String name) {
    return leaf(get("/api/v1/requests/" + request), name);
  }

  /** Waits until the request's lock step {@code take} is in the given state. */
  private void awaitTake(long request, String state) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> step(request, "take").get("state").asText().equals(state));
  }

  private static Instant at(JsonNode step, String field) {
    return Instant.parse(step.get(field).asText());
  }

  @Test
  void aResourceLockServesItsLineInOrderAndTheEndOfTheHolderReleasesIt() {
    long a = request("locked");
    awaitTake(a, "SUCCEEDED");
    long b = request("locked");
    awaitTake(b, "WAITING");
    assertThat(step(b, "take").get("message").asText())
        .isEqualTo("waits for lock 'agent:worker', held by request " + a);
    // The third, from the CLI: it waits behind both and says what for.
    CliRunner.Run third =
        CliRunner.exec(
            null,
            "request",
            "--app",
            "App",
            "--env",
            "Env",
            "--process",
            "locked",
            "--wait",
            "--server=" + server.url(),
            "--token=" + token);
    assertThat(third.code()).as(third.err()).isZero();
    assertThat(third.out())
        .containsPattern("WAITING +.* / take — waits for lock 'agent:worker', held by request");
    Matcher id = Pattern.compile("request (\\d+) started").matcher(third.out());
    assertThat(id.find()).as(third.out()).isTrue();
    long c = Long.parseLong(id.group(1));
    JsonNode ra = awaitEnd(a);
    JsonNode rb = awaitEnd(b);
    JsonNode rc = awaitEnd(c);
    for (JsonNode r : List.of(ra, rb, rc))
      assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
    // Never two at once, and first come, first served.
    assertThat(at(leaf(rb, "work"), "startedAt")).isAfterOrEqualTo(at(ra, "finishedAt"));
    assertThat(at(leaf(rc, "work"), "startedAt")).isAfterOrEqualTo(at(rb, "finishedAt"));
    assertThat(leaf(rb, "take").get("outputs").get("lock").asText()).isEqualTo("agent:worker");
    // Nothing is held once all ended: the next one takes the lock at once.
    JsonNode next = awaitEnd(request("locked"));
    assertThat(leaf(next, "take").get("message").asText()).isEqualTo("holds lock 'agent:worker'");
  }

  @Test
  void aWaiterThatTimesOutOrIsCanceledLeavesTheLineAndACanceledHolderReleasesIt() {
    long holder = request("lockednap");
    awaitTake(holder, "SUCCEEDED");
    JsonNode impatient = awaitEnd(request("impatient"));
    assertThat(impatient.get("state").asText()).isEqualTo("FAILED");
    assertThat(leaf(impatient, "take").get("message").asText())
        .startsWith("did not get lock 'agent:worker' within 1s");
    long canceled = request("locked");
    awaitTake(canceled, "WAITING");
    assertThat(
            server.send("POST", "/api/v1/requests/" + canceled + "/cancel", token, "{}").status())
        .isEqualTo(200);
    JsonNode gaveUp = awaitEnd(canceled);
    assertThat(gaveUp.get("state").asText()).isEqualTo("CANCELED");
    assertThat(leaf(gaveUp, "take").get("state").asText()).isEqualTo("CANCELED");
    assertThat(get("/api/v1/requests/" + holder).get("state").asText())
        .as("the holder still runs")
        .isEqualTo("RUNNING");
    // Canceling the holder releases the lock: the next in line runs, after the holder ended.
    long next = request("locked");
    awaitTake(next, "WAITING");
    assertThat(server.send("POST", "/api/v1/requests/" + holder + "/cancel", token, "{}").status())
        .isEqualTo(200);
    JsonNode held = awaitEnd(holder);
    assertThat(held.get("state").asText()).isEqualTo("CANCELED");
    JsonNode ran = awaitEnd(next);
    assertThat(ran.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(at(leaf(ran, "work"), "startedAt")).isAfterOrEqualTo(at(held, "finishedAt"));
  }

  @Test
  void lockReleaseHandsTheLockToTheWaiterBeforeTheRequestEnds() {
    long a = request("handback");
    awaitTake(a, "SUCCEEDED");
    long b = request("locked");
    awaitTake(b, "WAITING");
    JsonNode rb = awaitEnd(b);
    JsonNode ra = awaitEnd(a);
    assertThat(rb.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(at(leaf(rb, "take"), "finishedAt"))
        .isAfterOrEqualTo(at(leaf(ra, "give"), "finishedAt"))
        .isBefore(at(ra, "finishedAt"));
  }

  @Test
  void aRequestNeverWaitsForALockItHoldsAndALockNameHasALimit() {
    JsonNode twice = awaitEnd(request("twice"));
    assertThat(twice.get("state").asText()).as(twice.toString()).isEqualTo("SUCCEEDED");
    for (JsonNode st : twice.get("steps"))
      if (st.get("name").asText().equals("take"))
        assertThat(st.get("message").asText()).isEqualTo("holds lock 'agent:worker'");
    JsonNode longName = awaitEnd(request("longname"));
    assertThat(longName.get("state").asText()).isEqualTo("FAILED");
    assertThat(leaf(longName, "take").get("message").asText())
        .contains("a lock's name is at most 400 characters, not 401");
  }

  @Test
  void forgedAndReplayedResultsAreRefused() throws Exception {
    pipeline.stopAgent();
    long id = request("once");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/api/v1/requests/" + id).get("steps").size() >= 2);
    long stepId = leaf(get("/api/v1/requests/" + id), "fails").get("id").asLong();
    // Another agent's token may not report on this step.
    server.send(
        "POST",
        "/api/v1/config/apply",
        token,
        Json.MAPPER.writeValueAsString(
            Map.of(
                "files",
                List.of(Map.of("name", "b.yaml", "content", "kind: Agent\nname: other\n")))));
    String other =
        server
            .send("POST", "/api/v1/agents/other/tokens", token, "{}")
            .json()
            .get("token")
            .asText();
    String result = "{\"attempt\": 1, \"state\": \"SUCCEEDED\", \"outputs\": {}}";
    var forged = server.send("POST", "/api/v1/agent/steps/" + stepId + "/result", other, result);
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.json().get("message").asText()).contains("not assigned to agent 'other'");
    var wrongAttempt =
        server.send(
            "POST",
            "/api/v1/agent/steps/" + stepId + "/result",
            agentToken,
            result.replace("\"attempt\": 1", "\"attempt\": 7"));
    assertThat(wrongAttempt.status()).isEqualTo(409);
    // Its own agent may not either, until one of its polls has taken the work.
    var untaken =
        server.send("POST", "/api/v1/agent/steps/" + stepId + "/result", agentToken, result);
    assertThat(untaken.status()).isEqualTo(403);
    assertThat(untaken.json().get("message").asText()).contains("has not been taken");
    assertThat(server.send("GET", "/api/v1/agent/work?wait=1", agentToken, null).json().get("work"))
        .extracting(w -> w.get("stepId").asLong())
        .contains(stepId);
    assertThat(
            server
                .send("POST", "/api/v1/agent/steps/" + stepId + "/result", agentToken, result)
                .json()
                .get("applied")
                .asText())
        .isEqualTo("APPLIED");
    assertThat(
            server
                .send("POST", "/api/v1/agent/steps/" + stepId + "/result", agentToken, result)
                .json()
                .get("applied")
                .asText())
        .isEqualTo("DUPLICATE");
    var contradicting =
        server.send(
            "POST",
            "/api/v1/agent/steps/" + stepId + "/result",
            agentToken,
            result.replace("SUCCEEDED", "FAILED"));
    assertThat(contradicting.status()).isEqualTo(409);
    var malformed =
        server.send(
            "POST",
            "/api/v1/agent/steps/" + stepId + "/log",
            agentToken,
            "{\"attempt\": 1, \"seq\": -1, \"data\": \"x\"}");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(awaitEnd(id).get("state").asText()).isEqualTo("SUCCEEDED");
  }
}
