package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.api.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A result that says {@code "next": true} gets the agent's next step in its answer, claimed in the
 * result's transaction (issue 18): one commit and one round trip less per step. The claim is as
 * durable as a poll's: an answer the agent never read is offered again by its next poll, and an
 * agent that does not ask (one from before) gets its work by polls as before. The test speaks the
 * agent protocol itself, so what each answer holds is seen at the wire.
 */
class NextWorkInAnswerTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Component
      name: Svc
      processes:
        - name: three
          steps:
            - {name: one, type: shell, with: {script: "echo 1"}}
            - {name: two, type: shell, with: {script: "echo 2"}}
            - {name: three, type: shell, with: {script: "echo 3"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: three
          steps:
            - {name: run, type: component.run, with: {component: Svc, process: three}}
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
  private String agent;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer("sqlite", Map.of());
    admin = server.adminToken();
    var applied = server.apply(admin, List.of(new SourceFile("app.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    agent = server.agentToken(admin, "agent-a");
    server.hello(agent);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private long request() throws Exception {
    var made =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"App\", \"environment\": \"Dev\", \"process\": \"three\"}");
    assertThat(made.status()).as(made.body()).isLessThan(300);
    return made.json().get("id").asLong();
  }

  /** A poll listing {@code running}; answers the items handed over. */
  private List<JsonNode> poll(List<Long> running) {
    return server.poll(agent, running, 2);
  }

  private JsonNode result(JsonNode item, Boolean next) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attempt", item.get("attempt").asInt());
    body.put("state", "SUCCEEDED");
    if (next != null) body.put("next", next);
    var answer =
        server.send(
            "POST",
            "/api/v1/agent/steps/" + item.get("stepId").asLong() + "/result",
            agent,
            Json.MAPPER.writeValueAsString(body));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void theNextStepComesInTheResultsAnswerAndAnAnswerNeverReadIsOfferedAgain() throws Exception {
    long request = request();
    List<JsonNode> first = poll(List.of());
    assertThat(first).extracting(i -> i.get("name").asText()).containsExactly("one");

    JsonNode answered = result(first.get(0), true);
    assertThat(answered.get("applied").asText()).isEqualTo("APPLIED");
    assertThat(answered.get("work")).hasSize(1);
    JsonNode two = answered.get("work").get(0);
    assertThat(two.get("name").asText()).isEqualTo("two");
    assertThat(two.get("requestId").asLong()).isEqualTo(request);
    // Claimed by the result: a poll listing it as running gets nothing more.
    assertThat(poll(List.of(two.get("stepId").asLong()))).isEmpty();

    // The same result delivered again (its answer was lost): a duplicate, nothing claimed twice.
    JsonNode again = result(first.get(0), true);
    assertThat(again.get("applied").asText()).isEqualTo("DUPLICATE");
    assertThat(again.get("work")).isEmpty();

    // Step two's answer is "lost": the agent never starts step three from it. Its next poll, not
    // listing step three as running, is offered it again: claimed work is never stranded.
    JsonNode lost = result(two, true);
    assertThat(lost.get("work")).extracting(i -> i.get("name").asText()).containsExactly("three");
    // A claim is "lost" when older than the poll's start: a poll in the same millisecond as the
    // claim finds nothing, the next one is offered it.
    List<JsonNode> reoffered = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              reoffered.addAll(poll(List.of()));
              return !reoffered.isEmpty();
            });
    assertThat(reoffered).extracting(i -> i.get("name").asText()).containsExactly("three");
    assertThat(reoffered.get(0).get("stepId").asLong())
        .isEqualTo(lost.get("work").get(0).get("stepId").asLong());

    JsonNode last = result(reoffered.get(0), true);
    assertThat(last.get("work")).as("the request has no step left").isEmpty();
    JsonNode shown = server.send("GET", "/api/v1/requests/" + request, admin, null).json();
    assertThat(shown.get("state").asText()).isEqualTo("SUCCEEDED");
  }

  /**
   * A poll that crossed a result's answer on the wire does not list the step the answer handed
   * over; it gets it again, and the step stays the agent's: its reports are accepted. Before, the
   * poll made such work claimable again and claimed only 16 items, oldest first, so with older work
   * queued the step was left unclaimed, the agent's report on it was refused, and the step stayed
   * DISPATCHED for ever (LoadCrashTest, about one run in four).
   */
  @Test
  void aPollThatCrossesAnAnswerNeverTakesBackWhatTheAgentHolds() throws Exception {
    request();
    JsonNode one = poll(List.of()).get(0);
    for (int i = 0; i < 16; i++) request(); // older work than the step "one"'s result queues
    result(one, false);
    List<JsonNode> ones = poll(List.of());
    assertThat(ones).hasSize(16).allMatch(i -> i.get("name").asText().equals("one"));
    List<Long> held = new ArrayList<>(ones.stream().map(i -> i.get("stepId").asLong()).toList());
    List<JsonNode> twos = poll(held);
    assertThat(twos).extracting(i -> i.get("name").asText()).containsExactly("two");
    long two = twos.get(0).get("stepId").asLong();
    Thread.sleep(5); // the crossing poll starts after the claim
    List<JsonNode> crossing = poll(List.of());
    assertThat(crossing)
        .as("every claimed step the poll does not list, handed over again")
        .hasSize(17)
        .extracting(i -> i.get("stepId").asLong())
        .contains(two);
    held.add(two);
    for (long step : held) {
      var started =
          server.send(
              "POST", "/api/v1/agent/steps/" + step + "/started", agent, "{\"attempt\": 1}");
      assertThat(started.status()).as("step %d: %s", step, started.body()).isEqualTo(200);
    }
    assertThat(poll(held)).as("nothing lost once the agent said it started them").isEmpty();
  }

  @Test
  void anAgentThatDoesNotAskGetsItsNextStepByAPollAsBefore() throws Exception {
    request();
    JsonNode one = poll(List.of()).get(0);
    JsonNode answered = result(one, null);
    assertThat(answered.get("applied").asText()).isEqualTo("APPLIED");
    assertThat(answered.has("work")).as("an answer without work for an agent before it").isFalse();
    assertThat(poll(List.of())).extracting(i -> i.get("name").asText()).containsExactly("two");
  }
}
