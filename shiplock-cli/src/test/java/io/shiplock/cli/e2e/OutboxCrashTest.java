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
import java.util.HashMap;
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
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private String token;

  @Test
  void aTriggerWhoseServerDiedAfterTheCommitFiresOnceAfterTheRestart() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    try (JavaProcess doomed =
        server(port, Map.of("SHIPLOCK_TEST_HALT_BEFORE_EFFECT", "statusAdded"))) {
      token =
          call("POST", "/api/v1/login", "{\"user\": \"admin\", \"password\": \"pw\"}")
              .get("token")
              .asText();
      String apply =
          Json.MAPPER.writeValueAsString(
              Map.of("files", List.of(Map.of("name", "app.yaml", "content", CONFIG))));
      assertThat(call("POST", "/api/v1/config/apply", apply).get("applied").asBoolean()).isTrue();
      call("POST", "/api/v1/components/Svc/versions", "{\"name\": \"1.0\"}");
      try {
        call("POST", "/api/v1/components/Svc/versions/1.0/statuses/Scanned", null);
      } catch (IOException expected) {
        // the server halted after the commit: no answer
      }
      assertThat(doomed.waitFor(Duration.ofSeconds(20)))
          .as("the hook halted the server")
          .isEqualTo(137);
    }
    try (JavaProcess restarted = server(port, Map.of())) {
      assertThat(restarted.isAlive()).isTrue();
      JsonNode version = call("GET", "/api/v1/components/Svc/versions/1.0", null);
      assertThat(version.get("statuses").toString())
          .as("the status was committed")
          .contains("Scanned");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(triggered()).hasSize(1));
      assertThat(triggered().get(0).at("/versions/Svc").asText()).isEqualTo("1.0");
    }
    try (JavaProcess again = server(port, Map.of())) {
      assertThat(again.isAlive()).isTrue();
      Thread.sleep(1000); // the start-up drain has run: nothing is left to fire
      assertThat(triggered()).as("fired once, not again").hasSize(1);
    }
  }

  private List<JsonNode> triggered() throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode r : call("GET", "/api/v1/requests", null))
      if (r.get("requestedBy").asText().equals("trigger:on-scan")) out.add(r);
    return out;
  }

  private JavaProcess server(int port, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("SHIPLOCK_ADMIN_PASSWORD", "pw");
    JavaProcess p =
        JavaProcess.start(
            dir.resolve("server.log"),
            all,
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
}
