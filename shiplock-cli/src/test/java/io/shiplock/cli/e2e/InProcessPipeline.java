package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real server with a configuration applied and one real agent running in this JVM (the same code
 * as the agent process, over real HTTP): the fixture of the engine's behaviour tests.
 */
final class InProcessPipeline implements AutoCloseable {
  final TestServer server;
  final String token;
  final String agentToken;
  private final Agent agent;

  InProcessPipeline(Path workDir, String config, String agentName) {
    this("h2", workDir, config, agentName);
  }

  /** The same on the store of this dialect ({@code sqlite}, {@code h2} or {@code postgresql}). */
  InProcessPipeline(String dialect, Path workDir, String config, String agentName) {
    server = new TestServer(dialect);
    token = server.adminToken();
    try {
      String body =
          Json.MAPPER.writeValueAsString(
              Map.of("files", List.of(Map.of("name", "config.yaml", "content", config))));
      assertThat(server.send("POST", "/api/v1/config/apply", token, body).status()).isEqualTo(200);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    agentToken = post("/api/v1/agents/" + agentName + "/tokens", "{}").json().get("token").asText();
    agent = new Agent(new AgentSettings(server.url(), agentToken, agentName, workDir)).start();
  }

  TestServer.Response post(String path, String body) {
    return server.send("POST", path, token, body);
  }

  JsonNode get(String path) {
    return server.send("GET", path, token, null).json();
  }

  void stopAgent() {
    agent.close();
  }

  /** Waits until the request has ended and returns it with its steps. */
  JsonNode awaitEnd(long id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                !List.of("QUEUED", "RUNNING")
                    .contains(get("/api/v1/requests/" + id).get("state").asText()));
    return get("/api/v1/requests/" + id);
  }

  @Override
  public void close() {
    agent.close();
    server.close();
  }
}
