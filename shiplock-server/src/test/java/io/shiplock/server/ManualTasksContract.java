package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.shiplock.core.config.SourceFile;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Manual tasks (issue 14): a {@code manual} step waits for a person of its approvers to confirm or
 * refuse with a comment; it is in the tasks inbox, its people are emailed (a real SMTP server,
 * GreenMail), others are refused with the reason, and it fails when nobody decides in time.
 */
abstract class ManualTasksContract {
  protected abstract String dialect();

  private static final String CONFIG =
      """
      kind: Role
      name: dba
      permissions: [view, approve]
      ---
      kind: Team
      name: dbas
      members: [dana]
      roles: [{role: dba, application: App}]
      ---
      kind: Team
      name: others
      members: [mallory]
      roles: [{role: dba, application: App}]
      ---
      kind: Agent
      name: agent-a
      ---
      kind: Component
      name: Svc
      processes:
        - name: one
          steps:
            - {name: work, type: shell, with: {script: "echo migrated"}}
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - name: deploy
          steps:
            - name: confirm-db
              type: manual
              with:
                approvers: [dbas]
                instructions: Apply the schema change to Prod, then confirm
                timeout: 1h
            - {name: run, type: component.run, with: {component: Svc, process: one}}
        - name: racy
          steps:
            - {name: confirm-db, type: manual, with: {approvers: [dbas]}, onSuccess: [after]}
            - {name: boom, type: fail, with: {message: "the migration broke"}}
            - {name: after, type: wait, with: {duration: 10ms}}
      ---
      kind: Environment
      application: App
      name: Prod
      resources:
        - agent: agent-a
          children: [{component: Svc}]
      """;

  private GreenMail smtp;
  private TestServer server;
  private String admin;
  private String agent;
  private String dana;
  private String mallory;

  // An IP literal: no name is looked up, so there is no address to choose.
  @SuppressWarnings("AddressSelection")
  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
    smtp.start();
    server =
        new TestServer(
            dialect(),
            Map.of(
                "SHIPLOCK_SMTP_HOST", "127.0.0.1",
                "SHIPLOCK_SMTP_PORT", String.valueOf(port),
                "SHIPLOCK_SMTP_FROM", "shiplock@example.test"));
    admin = server.adminToken();
    for (String u : List.of("dana", "mallory")) {
      var created =
          server.send(
              "POST",
              "/api/v1/users",
              admin,
              "{\"name\": \"%s\", \"email\": \"%s@example.test\", \"password\": \"%s-password-1\"}"
                  .formatted(u, u, u));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    var applied = server.apply(admin, List.of(new SourceFile("app.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    agent = server.agentToken(admin, "agent-a");
    server.hello(agent);
    dana = server.login("dana", "dana-password-1");
    mallory = server.login("mallory", "mallory-password-1");
  }

  @AfterEach
  void stop() {
    server.close();
    smtp.stop();
  }

  private long request() {
    return request("deploy");
  }

  private long request(String process) {
    var made =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"App\", \"environment\": \"Prod\", \"process\": \""
                + process
                + "\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return made.json().get("id").asLong();
  }

  private JsonNode shown(long id) {
    return server.send("GET", "/api/v1/requests/" + id, admin, null).json();
  }

  private JsonNode step(long request, String name) {
    for (JsonNode s : shown(request).get("steps"))
      if (s.get("name").asText().equals(name)) return s;
    return null;
  }

  private String stepState(long request, String name) {
    JsonNode s = step(request, name);
    return s == null ? "" : s.get("state").asText();
  }

  private TestServer.Response decide(String token, long step, String what, String comment) {
    return server.send(
        "POST",
        "/api/v1/steps/" + step + "/" + what,
        token,
        comment == null ? "" : "{\"comment\": \"" + comment + "\"}");
  }

  private long waitingTask(long request) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stepState(request, "confirm-db").equals("WAITING"));
    return step(request, "confirm-db").get("id").asLong();
  }

  @Test
  void aPersonOfTheTeamConfirmsWithACommentAndTheProcessGoesOn() throws Exception {
    long id = request();
    long task = waitingTask(id);
    assertThat(step(id, "confirm-db").get("message").asText())
        .isEqualTo("waits for dbas to confirm: Apply the schema change to Prod, then confirm");
    assertThat(server.poll(agent, List.of(), 1)).as("nothing runs before the person").isEmpty();

    // dana, of the team, is emailed; mallory, who may approve but is not of the team, is not.
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("dana@example.test");
    assertThat(mail.getSubject())
        .isEqualTo(
            "[Shiplock] Confirmation needed: confirm-db of deploy on Prod (request " + id + ")");
    assertThat(GreenMailUtil.getBody(mail))
        .contains("Apply the schema change to Prod, then confirm")
        .contains("shiplock confirm " + task);

    JsonNode inbox = server.send("GET", "/api/v1/tasks", dana, null).json();
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).get("step").asLong()).isEqualTo(task);
    assertThat(inbox.get(0).get("canDecide").asBoolean()).isTrue();
    assertThat(inbox.get(0).get("approvers").get(0).asText()).isEqualTo("dbas");
    JsonNode theirs = server.send("GET", "/api/v1/tasks", mallory, null).json().get(0);
    assertThat(theirs.get("canDecide").asBoolean()).isFalse();
    String notOne = "user 'mallory' is not one of the people who decide step 'confirm-db' (dbas)";
    assertThat(theirs.get("whyNot").asText()).isEqualTo(notOne);

    var refused = decide(mallory, task, "confirm", "looks fine");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).isEqualTo(notOne);
    var noComment = decide(dana, task, "confirm", null);
    assertThat(noComment.status()).isEqualTo(400);
    assertThat(noComment.json().get("message").asText())
        .isEqualTo("a decision on a manual task needs a comment");

    var confirmed = decide(dana, task, "confirm", "schema v42 applied");
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    assertThat(confirmed.json().get("result").asText()).isEqualTo("CONFIRMED");
    JsonNode done = step(id, "confirm-db");
    assertThat(done.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.get("outputs").get("decidedBy").asText()).isEqualTo("dana");
    assertThat(done.get("outputs").get("comment").asText()).isEqualTo("schema v42 applied");
    var twice = decide(dana, task, "confirm", "again");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(server.send("GET", "/api/v1/tasks", dana, null).json()).isEmpty();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shown(id).get("state").asText().equals("RUNNING") && step(id, "work") != null);
    server.agentEnds(agent, "SUCCEEDED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shown(id).get("state").asText().equals("SUCCEEDED"));
  }

  @Test
  void aRefusalFailsTheStepWithTheCommentAndNothingAfterItRuns() {
    long id = request();
    long task = waitingTask(id);
    var refused = decide(dana, task, "refuse", "the migration failed on a replica");
    assertThat(refused.status()).as(refused.body()).isEqualTo(200);
    assertThat(refused.json().get("result").asText()).isEqualTo("REFUSED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shown(id).get("state").asText().equals("FAILED"));
    assertThat(step(id, "confirm-db").get("message").asText())
        .isEqualTo("refused by dana: the migration failed on a replica");
    assertThat(stepState(id, "work")).isNotIn("SUCCEEDED", "RUNNING", "DISPATCHED");
  }

  @Test
  void nobodyDecidingInTimeFailsTheStepAndACancelEndsTheWait() {
    long late = request();
    waitingTask(late);
    server.clock().advance(Duration.ofMinutes(61));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shown(late).get("state").asText().equals("FAILED"));
    assertThat(step(late, "confirm-db").get("message").asText())
        .isEqualTo("nobody of dbas decided within 1h");

    long canceled = request();
    waitingTask(canceled);
    var cancel = server.send("POST", "/api/v1/requests/" + canceled + "/cancel", admin, null);
    assertThat(cancel.status()).as(cancel.body()).isLessThan(300);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shown(canceled).get("state").asText().equals("CANCELED"));
    assertThat(stepState(canceled, "confirm-db")).isEqualTo("CANCELED");
  }

  @Test
  void aTaskInAProcessThatFailedEndsAsNotNeededAndAMissingStepIsNotFound() {
    long id = request("racy");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> shown(id).get("state").asText().equals("FAILED"));
    JsonNode task = step(id, "confirm-db");
    assertThat(task.get("state").asText()).isEqualTo("CANCELED");
    assertThat(task.get("message").asText()).isEqualTo("not needed: step 'boom' failed");
    assertThat(server.send("GET", "/api/v1/tasks", dana, null).json()).isEmpty();

    var missing = decide(dana, 999_999, "confirm", "ok");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo("no step 999999");
  }
}
