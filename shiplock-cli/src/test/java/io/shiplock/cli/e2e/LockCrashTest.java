package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.Fixtures;
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
 * An environment's lock is never leaked by a crash (issue 14): real server processes on PostgreSQL,
 * a real agent, kill -9 of the server while the holder runs, and a halt right after the holder's
 * end committed, before the next request was started. Each time the queued request starts after the
 * restart, and only once the holder has ended.
 */
class LockCrashTest {
  @TempDir Path dir;

  /**
   * The holder's step runs until the test releases it: one that ended on its own while the server
   * restarted could deliver its result before the test looked at the queue.
   */
  private Path release() {
    return dir.resolve("release");
  }

  private String config() {
    return Fixtures.limited(
        "agent-a",
        // At most two minutes: a test that failed before releasing must not leave it looping.
        "echo start; for i in $(seq 1 1200); do [ -e "
            + release()
            + " ] && break; sleep 0.1; done; echo end",
        1);
  }

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

  private long request() throws IOException, InterruptedException {
    return servers
        .call(
            "POST",
            "/api/v1/requests",
            "{\"application\": \"App\", \"environment\": \"Prod\", \"process\": \"deploy\"}")
        .get("id")
        .asLong();
  }

  private JsonNode shown(long id) throws IOException, InterruptedException {
    return servers.call("GET", "/api/v1/requests/" + id, null);
  }

  private JsonNode shellStep(long id) throws IOException, InterruptedException {
    for (JsonNode s : shown(id).get("steps")) if (s.get("type").asText().equals("shell")) return s;
    return null;
  }

  /** Both end SUCCEEDED, and the second's step started only after the first ended. */
  private void assertOneAfterTheOther(long a, long b) throws Exception {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> shown(b).get("state").asText().equals("SUCCEEDED"));
    JsonNode first = shown(a);
    assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
    Instant firstEnded = Instant.parse(first.get("finishedAt").asText());
    Instant secondStarted = Instant.parse(shellStep(b).get("startedAt").asText());
    assertThat(secondStarted).as("never at the same time").isAfterOrEqualTo(firstEnded);
  }

  @Test
  void aHolderWhoseServerWasKilledEndsAfterTheRestartAndThenTheNextOneRuns() throws Exception {
    JavaProcess server = server(Map.of());
    JavaProcess agent = startAgent();
    try {
      long a = request();
      long b = request();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> shellStep(a) != null && shellStep(a).get("state").asText().equals("RUNNING"));
      assertThat(shown(b).get("state").asText()).isEqualTo("QUEUED");
      assertThat(shown(b).get("waitingFor").asLong()).isEqualTo(a);
      server.kill();
      server = server(Map.of());
      assertThat(shown(b).get("state").asText())
          .as("still queued behind the holder after the restart")
          .isEqualTo("QUEUED");
      Files.createFile(release());
      assertOneAfterTheOther(a, b);
    } finally {
      agent.close();
      server.close();
    }
  }

  @Test
  void aServerThatDiedBetweenTheHoldersEndAndTheNextStartStartsItAfterTheRestart()
      throws Exception {
    JavaProcess doomed = server(Map.of("SHIPLOCK_TEST_HALT_BEFORE_EFFECT", "placeFreed"));
    JavaProcess server = doomed;
    JavaProcess agent = startAgent();
    try {
      long a = request();
      long b = request();
      // The place is freed to someone only once b waits for it: then the holder may end, and the
      // server halts once that end committed.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> shown(b).get("state").asText().equals("QUEUED"));
      Files.createFile(release());
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

  private JavaProcess startAgent() throws IOException, InterruptedException {
    servers.logIn();
    servers.apply("app.yaml", config());
    return servers.agent("agent-a");
  }
}
