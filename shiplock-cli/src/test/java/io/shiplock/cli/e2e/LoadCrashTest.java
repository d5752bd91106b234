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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests in flight on two real agents while the server is killed twice: every request the API
 * acknowledged ends SUCCEEDED (none fails because of the outage: work claimed just before a kill is
 * offered again, steps that start while the server is down wait for it), and no step runs twice
 * (every step ends at its first attempt, its log whole).
 */
class LoadCrashTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Agent
      name: agent-b
      ---
      kind: Component
      name: Worker
      processes:
        - name: work
          steps:
            - {name: long, type: shell, with: {script: "echo start; sleep 0.4; echo end"}}
            - {name: after, type: shell, with: {script: "echo after"}}
      ---
      kind: Application
      name: Jobs
      components: [Worker]
      processes:
        - name: work
          steps:
            - {name: work, type: component.run, with: {component: Worker, process: work}}
      ---
      kind: Environment
      application: Jobs
      name: Prod
      resources:
        - agent: agent-a
          children: [{component: Worker}]
        - agent: agent-b
          children: [{component: Worker}]
      """;

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private String base;
  private String token;

  @Test
  void everyAcknowledgedRequestSucceedsThroughTwoKillsAndNoStepRunsTwice() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    List<JavaProcess> agents = new ArrayList<>();
    JavaProcess server = server(port);
    try {
      token =
          call("POST", "/api/v1/login", "{\"user\": \"admin\", \"password\": \"pw\"}")
              .get("token")
              .asText();
      String apply =
          Json.MAPPER.writeValueAsString(
              Map.of("files", List.of(Map.of("name", "jobs.yaml", "content", CONFIG))));
      assertThat(call("POST", "/api/v1/config/apply", apply).get("applied").asBoolean()).isTrue();
      for (String name : List.of("agent-a", "agent-b")) {
        String agentToken =
            call("POST", "/api/v1/agents/" + name + "/tokens", "{}").get("token").asText();
        agents.add(
            JavaProcess.start(
                dir.resolve(name + ".log"),
                Map.of(),
                "agent",
                "--server",
                base,
                "--token",
                agentToken,
                "--name",
                name,
                "--work-dir",
                dir.resolve(name).toString()));
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 4; c++)
        clients.add(Thread.ofPlatform().start(() -> submit(stop, acknowledged)));
      for (int kill = 0; kill < 2; kill++) {
        Thread.sleep(2500);
        server.kill();
        Thread.sleep(1000);
        server = server(port);
      }
      Thread.sleep(2000);
      stop.set(true);
      for (Thread t : clients) t.join();
      assertThat(acknowledged)
          .as("requests acknowledged over the run")
          .hasSizeGreaterThanOrEqualTo(10);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> acknowledged.stream().allMatch(this::ended));
      for (long id : acknowledged) {
        JsonNode r = call("GET", "/api/v1/requests/" + id, null);
        assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
        for (JsonNode s : r.get("steps")) {
          if (!s.get("type").asText().equals("shell")) continue;
          assertThat(s.get("attempt").asInt()).as("ran once: %s", s).isEqualTo(1);
          if (s.get("name").asText().equals("long"))
            assertThat(
                    call("GET", "/api/v1/steps/" + s.get("id").asLong() + "/log", null)
                        .get("data")
                        .asText())
                .isEqualTo("start\nend\n");
        }
      }
    } finally {
      for (JavaProcess a : agents) a.close();
      server.close();
    }
  }

  private boolean ended(long id) {
    try {
      String state = call("GET", "/api/v1/requests/" + id, null).get("state").asText();
      return !List.of("QUEUED", "RUNNING").contains(state);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private void submit(AtomicBoolean stop, Set<Long> acknowledged) {
    while (!stop.get()) {
      try {
        HttpResponse<String> r =
            send(
                "POST",
                "/api/v1/requests",
                "{\"application\": \"Jobs\", \"environment\": \"Prod\", \"process\": \"work\"}");
        if (r.statusCode() == 201)
          acknowledged.add(Json.MAPPER.readTree(r.body()).get("id").asLong());
        Thread.sleep(150);
      } catch (IOException e) {
        // the server is down: not acknowledged
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private JavaProcess server(int port) {
    JavaProcess p =
        JavaProcess.start(
            dir.resolve("server.log"),
            Map.of("SHIPLOCK_ADMIN_PASSWORD", "pw"),
            "server",
            "--home",
            dir.resolve("home").toString(),
            "--port",
            String.valueOf(port));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> call("GET", "/readyz", null).get("status").asText().equals("ready"));
    return p;
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode call(String method, String path, String body)
      throws IOException, InterruptedException {
    return Json.MAPPER.readTree(send(method, path, body).body());
  }
}
