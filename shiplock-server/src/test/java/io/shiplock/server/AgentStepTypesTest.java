package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's hello lists the step types it runs; the server refuses to send it a step of another
 * type and says which agent and which type, instead of the agent failing it at its end.
 */
class AgentStepTypesTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Component
      name: Svc
      processes:
        - name: look
          steps:
            - {name: look, type: docker.inspect, with: {target: "svc:1"}}
        - name: say
          steps:
            - {name: say, type: shell, with: {script: "echo hi"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: look
          steps:
            - {name: look, type: component.run, with: {component: Svc, process: look}}
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

  @BeforeEach
  void start() throws Exception {
    server = new TestServer("sqlite");
    admin = server.adminToken();
    String apply =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "app.yaml", "content", CONFIG))));
    assertThat(server.send("POST", "/api/v1/config/apply", admin, apply).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode step(long request, String name) {
    for (JsonNode s :
        server.send("GET", "/api/v1/requests/" + request, admin, null).json().get("steps"))
      if (s.get("name").asText().equals(name) && !s.get("type").asText().startsWith("component."))
        return s; // the agent step, not the application step of the same name
    return null;
  }

  private long request(String process) {
    return server
        .send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \""
                + process
                + "\"}")
        .json()
        .get("id")
        .asLong();
  }

  @Test
  void aStepTypeTheAgentDoesNotRunIsRefusedNamingAgentAndType() {
    String agentToken =
        server
            .send("POST", "/api/v1/agents/agent-a/tokens", admin, "{}")
            .json()
            .get("token")
            .asText();
    var hello =
        server.send(
            "POST",
            "/api/v1/agent/hello",
            agentToken,
            "{\"host\": \"h\", \"version\": \"t\", \"instance\": \"i-1\", \"steps\": [\"shell\"]}");
    assertThat(hello.status()).as(hello.body()).isEqualTo(200);

    long look = request("look");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                step(look, "look") != null
                    && step(look, "look").get("state").asText().equals("FAILED"));
    assertThat(step(look, "look").get("message").asText())
        .isEqualTo("agent 'agent-a' cannot run step type 'docker.inspect' (it runs: shell)");

    long say = request("say");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                step(say, "say") != null
                    && step(say, "say").get("state").asText().equals("DISPATCHED"));
  }
}
