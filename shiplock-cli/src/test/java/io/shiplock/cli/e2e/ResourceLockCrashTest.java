package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.store.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource lock is never leaked by a crash (issue 14): real server processes on PostgreSQL and a
 * real agent. Two environments deploy to the same host; each process takes the host's lock
 * (lock.acquire, named after the agent). The server is killed while the holder runs, or halted
 * right after the holder's end committed and before the lock was handed over; each time the waiter
 * gets the lock after the restart, and only once the holder has ended.
 */
class ResourceLockCrashTest {
  /**
   * The work runs until the test releases it (it used to sleep 8 s): long enough for whatever the
   * test does meanwhile, however slow the machine, and no longer (two minutes at most, so that a
   * test that failed first does not leave it looping).
   */
  private String config() {
    return CONFIG.replace("RELEASE", dir.resolve("release").toString());
  }

  private void release() throws IOException {
    Files.createFile(dir.resolve("release"));
  }

  private static final String CONFIG =
      """
      kind: Agent
      name: host-a
      ---
      kind: Component
      name: Svc
      processes:
        - name: one
          steps:
            - {name: take, type: lock.acquire}
            - {name: work, type: shell, with: {script: "echo start; for i in $(seq 1 1200); do [ -e RELEASE ] && break; sleep 0.1; done; echo end"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: deploy
          steps:
            - {name: run, type: component.run, with: {component: Svc, process: one}}
      ---
      kind: Environment
      application: App
      name: Test
      resources:
        - name: test-host
          children: [{agent: host-a, children: [{component: Svc}]}]
      ---
      kind: Environment
      application: App
      name: Prod
      resources:
        - name: prod-host
          children: [{agent: host-a, children: [{component: Svc}]}]
      """;

  @TempDir Path dir;
  private ServerProcesses servers;
  private String db;

  @BeforeEach
  void database() {
    servers = new ServerProcesses(dir);
    db = TestDatabases.postgres().url();
  }

  private JavaProcess server(Map<String, String> env) {
    return servers.start(env, "--db", db);
  }

  private long request(String env) throws IOException, InterruptedException {
    return servers
        .call(
            "POST",
            "/api/v1/requests",
            "{\"application\": \"App\", \"environment\": \"" + env + "\", \"process\": \"deploy\"}")
        .get("id")
        .asLong();
  }

  private JsonNode step(long id, String name) throws IOException, InterruptedException {
    JsonNode r = servers.call("GET", "/api/v1/requests/" + id, null);
    for (JsonNode s : r.get("steps")) if (s.get("name").asText().equals(name)) return s;
    return null;
  }

  /** Waits until the request's step {@code name} is in {@code state}. */
  private void awaitStep(long id, String name, String state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> step(id, name) != null && step(id, name).get("state").asText().equals(state));
  }

  private String state(long id) throws IOException, InterruptedException {
    return servers.call("GET", "/api/v1/requests/" + id, null).get("state").asText();
  }

  /** Both end SUCCEEDED, and the second's work started only after the first ended. */
  private void assertOneAfterTheOther(long a, long b) throws Exception {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> state(b).equals("SUCCEEDED"));
    JsonNode first = servers.call("GET", "/api/v1/requests/" + a, null);
    assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
    Instant firstEnded = Instant.parse(first.get("finishedAt").asText());
    Instant secondStarted = Instant.parse(step(b, "work").get("startedAt").asText());
    assertThat(secondStarted).as("never on the host at the same time").isAfterOrEqualTo(firstEnded);
  }

  private JavaProcess startAgent() throws IOException, InterruptedException {
    servers.logIn();
    servers.apply("app.yaml", config());
    return servers.agent("host-a");
  }

  @Test
  void aHolderWhoseServerWasKilledEndsAfterTheRestartAndThenTheWaiterRuns() throws Exception {
    JavaProcess server = server(Map.of());
    JavaProcess agent = startAgent();
    try {
      long a = request("Test");
      awaitStep(a, "work", "RUNNING");
      long b = request("Prod");
      awaitStep(b, "take", "WAITING");
      assertThat(step(b, "take").get("message").asText())
          .isEqualTo("waits for lock 'agent:host-a', held by request " + a);
      server.kill();
      server = server(Map.of());
      assertThat(step(b, "take").get("state").asText())
          .as("still in line behind the holder after the restart")
          .isEqualTo("WAITING");
      release();
      assertOneAfterTheOther(a, b);
    } finally {
      agent.close();
      server.close();
    }
  }

  @Test
  void aServerThatDiedBetweenTheHoldersEndAndTheHandOverHandsItOverAfterTheRestart()
      throws Exception {
    JavaProcess doomed = server(Map.of("SHIPLOCK_TEST_HALT_BEFORE_EFFECT", "lockFreed"));
    JavaProcess server = doomed;
    JavaProcess agent = startAgent();
    try {
      long a = request("Test");
      awaitStep(a, "take", "SUCCEEDED");
      long b = request("Prod");
      // The lock is freed to someone only once b waits for it: then the holder may end, and the
      // server halts once that end committed.
      awaitStep(b, "take", "WAITING");
      release();
      assertThat(doomed.waitFor(Duration.ofSeconds(60)))
          .as("the hook halted the server once the holder's end committed")
          .isEqualTo(137);
      server = server(Map.of());
      assertOneAfterTheOther(a, b);
    } finally {
      agent.close();
      server.close();
    }
  }
}
