package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests scheduled for later (issue 14): SCHEDULED until their time, checked when made and again
 * when they start, cancelable meanwhile; a time that has passed or has no zone is refused. The
 * server's clock is moved forward instead of waiting; the test speaks the agent protocol itself.
 */
abstract class ScheduledRequestsContract {
  protected abstract String dialect();

  protected TestServer server;
  protected String admin;
  protected String agent;

  @BeforeEach
  void start() {
    server = new TestServer(dialect(), Map.of());
    admin = server.adminToken();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  protected void configure(String environment) {
    var applied =
        server.apply(
            admin,
            List.of(new SourceFile("app.yaml", Fixtures.app("agent-a", "echo hi", environment))));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    if (agent == null) {
      agent = server.agentToken(admin, "agent-a");
      server.hello(agent);
    }
  }

  protected TestServer.Response schedule(String at) {
    return server.send(
        "POST",
        "/api/v1/requests",
        admin,
        "{\"application\": \"App\", \"environment\": \"Prod\", \"process\": \"deploy\", \"at\": \""
            + at
            + "\"}");
  }

  protected long scheduled(Instant at) {
    var made = schedule(at.toString());
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return made.json().get("id").asLong();
  }

  protected JsonNode shown(long id) {
    return server.send("GET", "/api/v1/requests/" + id, admin, null).json();
  }

  protected String state(long id) {
    return shown(id).get("state").asText();
  }

  protected Instant inAnHour() {
    return server.clock().instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
  }

  private void approve(long id) {
    var decided =
        server.send("POST", "/api/v1/requests/" + id + "/approve", admin, "{\"comment\": \"ok\"}");
    assertThat(decided.status()).as(decided.body()).isLessThan(300);
  }

  /** Several passes of the engine's timer (every two seconds) go by. */
  private static void timerPasses() throws InterruptedException {
    Thread.sleep(2_500);
  }

  @Test
  void aScheduledRequestWaitsForItsTimeThenRuns() throws Exception {
    configure("");
    Instant at = inAnHour();
    long id = scheduled(at);
    JsonNode r = shown(id);
    assertThat(r.get("state").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(r.get("scheduledFor").asText())).isEqualTo(at);
    assertThat(r.get("steps")).isEmpty();
    assertThat(server.page(admin, "/ui/requests/" + id))
        .contains("Nothing has run yet: scheduled for " + at);
    timerPasses();
    assertThat(state(id)).as("not before its time").isEqualTo("SCHEDULED");
    assertThat(server.poll(agent, List.of(), 1)).isEmpty();

    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("RUNNING"));
    server.agentEnds(agent, "SUCCEEDED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("SUCCEEDED"));
  }

  @Test
  void aTimeThatHasPassedOrHasNoZoneIsRefusedAndNothingIsMade() {
    configure("");
    int before = server.send("GET", "/api/v1/requests", admin, null).json().size();
    var past = schedule(server.clock().instant().minus(Duration.ofMinutes(1)).toString());
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.json().get("message").asText())
        .contains("which has passed")
        .contains("leave the time out to run it now");
    for (String bad : List.of("tomorrow", "2026-12-01T22:00", "2026-13-01T22:00Z")) {
      var refused = schedule(bad);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.json().get("message").asText())
          .contains("'at' must be a time with its zone")
          .contains(bad);
    }
    assertThat(server.send("GET", "/api/v1/requests", admin, null).json()).hasSize(before);
  }

  @Test
  void aScheduledRequestCanBeCanceledAndNeverRuns() throws Exception {
    configure("");
    Instant at = inAnHour();
    long id = scheduled(at);
    var canceled = server.send("POST", "/api/v1/requests/" + id + "/cancel", admin, null);
    assertThat(canceled.status()).as(canceled.body()).isLessThan(300);
    assertThat(shown(id).get("message").asText()).isEqualTo("canceled while scheduled for " + at);
    server.clock().advance(Duration.ofHours(2));
    timerPasses();
    assertThat(state(id)).isEqualTo("CANCELED");
    assertThat(shown(id).get("steps")).isEmpty();
    assertThat(server.poll(agent, List.of(), 1)).isEmpty();
  }

  @Test
  void theApprovalIsCheckedWhenScheduledAndAgainWhenItStarts() {
    String approval = "approval: {required: %d, approvers: [approver], noSelfApproval: false}";
    configure(approval.formatted(1));
    Instant at = inAnHour();
    long first = scheduled(at);
    long second = scheduled(at.plus(Duration.ofHours(1)));
    assertThat(state(first)).isEqualTo("WAITING_APPROVAL");
    assertThat(server.page(admin, "/ui/requests/" + first))
        .contains("once approved, the request is scheduled for " + at);
    approve(first);
    approve(second);
    assertThat(state(first)).as("approved before its time: it waits for it").isEqualTo("SCHEDULED");
    assertThat(state(second)).isEqualTo("SCHEDULED");

    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(first).equals("RUNNING"));
    server.agentEnds(agent, "SUCCEEDED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(first).equals("SUCCEEDED"));

    // The environment now asks for more approvals than the second request got; then its time comes.
    configure(approval.formatted(2));
    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(second).equals("FAILED"));
    assertThat(shown(second).get("message").asText())
        .isEqualTo(
            "not started at its scheduled time "
                + at.plus(Duration.ofHours(1))
                + ": environment 'Prod' now asks for 2 approval(s); the request has 1");
    assertThat(shown(second).get("steps")).as("nothing of it ran").isEmpty();
  }
}
