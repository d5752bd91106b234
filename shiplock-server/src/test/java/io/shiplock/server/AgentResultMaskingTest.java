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
 * The server masks what an agent reports with the step's own mask list before storing it: an agent
 * that did not mask its result (an older one, or a message built from an exception) cannot put a
 * secure value into the step's message or outputs.
 */
class AgentResultMaskingTest {
  private static final String SECRET = "hunter2 and/more";
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Component
      name: Svc
      processes:
        - name: say
          steps:
            - {name: say, type: shell, with: {env: {S: "${p:environment/pw}"}, script: "echo"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: say
          steps:
            - {name: say, type: component.run, with: {component: Svc, process: say}}
      ---
      kind: Environment
      application: App
      name: Dev
      properties:
        pw: {secure: true, value: "SECRET"}
      resources:
        - agent: agent-a
          children: [{component: Svc}]
      """
          .replace("SECRET", SECRET);

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

  @Test
  void anUnmaskedResultIsStoredMasked() throws Exception {
    String agent =
        server
            .send("POST", "/api/v1/agents/agent-a/tokens", admin, "{}")
            .json()
            .get("token")
            .asText();
    server.hello(agent);
    long request =
        server
            .send(
                "POST",
                "/api/v1/requests",
                admin,
                "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \"say\"}")
            .json()
            .get("id")
            .asLong();
    JsonNode work = server.send("GET", "/api/v1/agent/work?wait=5", agent, null).json();
    JsonNode item = work.get("work").get(0);
    assertThat(item.get("mask").get(0).asText()).isEqualTo(SECRET);
    long step = item.get("stepId").asLong();
    String result =
        Json.MAPPER.writeValueAsString(
            Map.of(
                "attempt",
                1,
                "state",
                "FAILED",
                "outputs",
                Map.of("said", "it was " + SECRET),
                "message",
                "cannot use " + SECRET.replace(" ", "%20").replace("/", "%2f")));
    var posted = server.send("POST", "/api/v1/agent/steps/" + step + "/result", agent, result);
    assertThat(posted.status()).as(posted.body()).isLessThan(300);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server
                    .send("GET", "/api/v1/requests/" + request, admin, null)
                    .json()
                    .get("state")
                    .asText()
                    .equals("FAILED"));
    JsonNode said = null;
    for (JsonNode s :
        server.send("GET", "/api/v1/requests/" + request, admin, null).json().get("steps"))
      if (s.get("id").asLong() == step) said = s;
    assertThat(said).isNotNull();
    assertThat(said.get("message").asText()).isEqualTo("cannot use ****");
    assertThat(said.get("outputs").get("said").asText()).isEqualTo("it was ****");
  }
}
