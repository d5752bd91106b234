package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server dies between the commit of a status and the trigger it fires (a test hook halts the
 * JVM there, as kill -9 would): after a restart the trigger fires, once, and never again after
 * another restart. Before the outbox the effect lived only in memory and was lost.
 */
class OutboxCrashTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Scanned
      scope: version
      ---
      kind: Component
      name: Svc
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: pause
          steps:
            - {name: pause, type: wait, with: {duration: 100ms}}
      ---
      kind: Environment
      application: App
      name: Dev
      ---
      kind: Trigger
      name: on-scan
      application: App
      component: Svc
      when: statusAdded
      status: Scanned
      process: pause
      environment: Dev
      """;

  @TempDir Path dir;

  @Test
  void aTriggerWhoseServerDiedAfterTheCommitFiresOnceAfterTheRestart() throws Exception {
    ServerProcesses servers = new ServerProcesses(dir);
    try (JavaProcess doomed =
        servers.start(Map.of("SHIPLOCK_TEST_HALT_BEFORE_EFFECT", "statusAdded"))) {
      servers.logIn();
      assertThat(servers.apply("app.yaml", CONFIG)).isTrue();
      servers.call("POST", "/api/v1/components/Svc/versions", "{\"name\": \"1.0\"}");
      try {
        servers.call("POST", "/api/v1/components/Svc/versions/1.0/statuses/Scanned", null);
      } catch (IOException expected) {
        // the server halted after the commit: no answer
      }
      assertThat(doomed.waitFor(Duration.ofSeconds(20)))
          .as("the hook halted the server")
          .isEqualTo(137);
    }
    try (JavaProcess restarted = servers.start()) {
      assertThat(restarted.isAlive()).isTrue();
      JsonNode version = servers.call("GET", "/api/v1/components/Svc/versions/1.0", null);
      assertThat(version.get("statuses").toString())
          .as("the status was committed")
          .contains("Scanned");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(triggered(servers)).hasSize(1));
      assertThat(triggered(servers).get(0).at("/versions/Svc").asText()).isEqualTo("1.0");
    }
    try (JavaProcess again = servers.start()) {
      assertThat(again.isAlive()).isTrue();
      // The start-up drain ran before the server listened; the timer drains every 2 s: still one.
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(30)) // a slow call on a loaded machine is not a second one
          .until(() -> triggered(servers).size() == 1);
    }
  }

  private static List<JsonNode> triggered(ServerProcesses servers) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : servers.call("GET", "/api/v1/requests", null))
      if (r.get("requestedBy").asText().equals("trigger:on-scan")) out.add(r);
    return out;
  }
}
