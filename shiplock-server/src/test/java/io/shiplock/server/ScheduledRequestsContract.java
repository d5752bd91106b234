package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.release.CronSchedule;
import io.shiplock.server.engine.EngineTimers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    // A pass of the engine's timer every 200 ms instead of 2 s: the tests wait for dozens.
    server = new TestServer(dialect(), Map.of(EngineTimers.TEST_PERIOD, "200"));
    admin = server.adminToken();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  protected void configure(String environment) {
    configure(environment, "");
  }

  /** The application with {@code environment}'s settings, and {@code more} documents beside it. */
  protected void configure(String environment, String more) {
    var files = new ArrayList<SourceFile>();
    files.add(new SourceFile("app.yaml", Fixtures.app("agent-a", "echo hi", environment)));
    if (!more.isBlank()) files.add(new SourceFile("release.yaml", more));
    var applied = server.apply(admin, files);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    if (agent == null) {
      agent = server.agentToken(admin, "agent-a");
      server.hello(agent);
    }
  }

  protected TestServer.Response schedule(String at) {
    return ask(admin, "\"at\": \"" + at + "\"");
  }

  /** A request of App's deploy on Prod by {@code token}, with more fields ({@code "k": v, …}). */
  protected TestServer.Response ask(String token, String fields) {
    return server.send(
        "POST",
        "/api/v1/requests",
        token,
        "{\"application\": \"App\", \"environment\": \"Prod\", \"process\": \"deploy\""
            + (fields.isEmpty() ? "" : ", " + fields)
            + "}");
  }

  /** The audit entries of an action, newest first. */
  protected List<JsonNode> audited(String action) {
    var entries = server.send("GET", "/api/v1/audit?action=" + action, admin, null);
    assertThat(entries.status()).as(entries.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    entries.json().forEach(out::add);
    return out;
  }

  /** The requests a schedule made. */
  protected List<JsonNode> madeBy(String schedule) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : server.send("GET", "/api/v1/requests", admin, null).json())
      if (r.get("requestedBy").asText().equals("schedule:" + schedule)) out.add(r);
    return out;
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

  /**
   * Several passes of the engine's timer (every 200 ms here) go by. Only for checks that nothing
   * happened: a pass that must have run first is {@link #schedulesPass}, since on a loaded machine
   * a sleep may see none.
   */
  private static void timerPasses() throws InterruptedException {
    Thread.sleep(1_000);
  }

  /** One pass over the recurring schedules, as the timer makes it (and as other nodes do). */
  private void schedulesPass() {
    server.server().engine().fireSchedules();
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

  @Test
  void aRecurringScheduleFiresOncePerTimeFromWhenItWasFirstSeenAndSkipsLongMissedTimes()
      throws Exception {
    configure(
        "",
        """
        kind: Schedule
        name: hourly
        application: App
        environment: Prod
        process: deploy
        cron: "0 * * * *"
        timeZone: Europe/Paris
        """);
    schedulesPass(); // first seen: armed, nothing fired for the hour that began before it existed
    assertThat(madeBy("hourly")).isEmpty();

    Instant now = server.clock().instant();
    Instant next = CronSchedule.parse("0 * * * *", "Europe/Paris").nextAfter(now).orElseThrow();
    server.clock().advance(Duration.between(now, next).plusSeconds(30));
    await().atMost(Duration.ofSeconds(10)).until(() -> madeBy("hourly").size() == 1);
    long id = madeBy("hourly").get(0).get("id").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("RUNNING"));
    server.agentEnds(agent, "SUCCEEDED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("SUCCEEDED"));
    timerPasses();
    assertThat(madeBy("hourly")).as("one request per time").hasSize(1);
    assertThat(audited("schedule.fire").get(0).get("detail").asText())
        .isEqualTo("schedule time " + next + ": request " + id);

    // Two hours and twenty minutes later: the last time passed twenty minutes ago, too long.
    server.clock().advance(Duration.ofMinutes(140));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> audited("schedule.fire").get(0).get("detail").asText().contains("skipped"));
    assertThat(audited("schedule.fire").get(0).get("detail").asText())
        .isEqualTo(
            "schedule time "
                + next.plus(Duration.ofHours(2))
                + " passed while no server was running; skipped");
    assertThat(madeBy("hourly")).hasSize(1);
  }

  private static String freeze(Instant from, Instant until) {
    return """
        kind: Blackout
        name: freeze
        application: App
        environments: [Prod]
        reason: year-end freeze
        from: %s
        until: %s
        """
        .formatted(from, until);
  }

  @Test
  void aRequestInABlackoutIsRefusedNamingItUnlessItWaitsForTheEndOrAnAdminOverrides() {
    Instant now = server.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant until = now.plus(Duration.ofHours(1));
    configure(
        "",
        freeze(now.minus(Duration.ofHours(1)), until)
            + """
            ---
            kind: Role
            name: deployer
            permissions: [view, request]
            ---
            kind: Team
            name: deployers
            members: [dana]
            roles: [{role: deployer}]
            """);
    String dana = server.newUser("dana", "dana-password-12");

    var refused = ask(admin, "");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("message").asText())
        .isEqualTo(
            "environment 'Prod' of application 'App' is in blackout window 'freeze' ("
                + now.minus(Duration.ofHours(1))
                + " until "
                + until
                + ": year-end freeze); nothing starts there until "
                + until
                + ". Ask to wait for its end (shiplock request --after-blackout,"
                + " \"afterBlackout\": true), or an admin overrides it with a comment"
                + " (--override-blackout \"…\")");

    var waits = ask(dana, "\"afterBlackout\": true");
    assertThat(waits.status()).as(waits.body()).isEqualTo(201);
    assertThat(waits.json().get("state").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(waits.json().get("scheduledFor").asText())).isEqualTo(until);

    var notAdmin = ask(dana, "\"overrideBlackout\": \"hotfix\"");
    assertThat(notAdmin.status()).isEqualTo(403);
    assertThat(notAdmin.json().get("message").asText())
        .isEqualTo("only an admin may override a blackout window; user 'dana' is not one");
    var empty = ask(admin, "\"overrideBlackout\": \" \"");
    assertThat(empty.status()).isEqualTo(400);

    var overridden = ask(admin, "\"overrideBlackout\": \"security fix CVE-1\"");
    assertThat(overridden.status()).as(overridden.body()).isEqualTo(201);
    long id = overridden.json().get("id").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("RUNNING"));
    JsonNode audit = audited("blackout.override").get(0);
    assertThat(audit.get("actor").asText()).isEqualTo("admin");
    assertThat(audit.get("detail").asText())
        .contains("blackout window 'freeze'")
        .endsWith("overridden: security fix CVE-1");
  }

  @Test
  void aScheduledRequestMeetsABlackoutWhenItStartsFailsNamingItOrWaitsForItsEnd() {
    configure("");
    Instant at = inAnHour();
    long refuses = scheduled(at);
    var made = ask(admin, "\"at\": \"" + at + "\", \"afterBlackout\": true");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    long waits = made.json().get("id").asLong();
    // The freeze is decided after both were scheduled, around their time.
    Instant until = at.plus(Duration.ofHours(1));
    configure("", freeze(at.minus(Duration.ofMinutes(30)), until));

    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(refuses).equals("FAILED"));
    assertThat(shown(refuses).get("message").asText())
        .startsWith(
            "not started at its scheduled time "
                + at
                + ": environment 'Prod' of application 'App' is in blackout window 'freeze'");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.parse(shown(waits).get("scheduledFor").asText()).equals(until));
    assertThat(state(waits)).isEqualTo("SCHEDULED");

    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(waits).equals("RUNNING"));
  }

  @Test
  void aTimeTooFarAheadAnOverrideWithoutAWindowAndATimeLongMissedAreRefused() throws Exception {
    configure("");
    for (String far : List.of("+300000000-06-01T00:00Z", "2099-01-01T00:00Z")) {
      var refused = schedule(far);
      assertThat(refused.status()).as(far).isEqualTo(400);
      assertThat(refused.json().get("message").asText())
          .contains("more than 366 days ahead; schedule it closer to its time");
    }
    var noWindow = ask(admin, "\"overrideBlackout\": \"just in case\"");
    assertThat(noWindow.status()).isEqualTo(400);
    assertThat(noWindow.json().get("message").asText())
        .startsWith("there is no blackout window on 'Prod' at ")
        .endsWith(" to override; leave 'overrideBlackout' out");

    // The server's clock jumps two hours past the time, as after an outage: it does not start.
    long late = scheduled(inAnHour());
    server.clock().advance(Duration.ofHours(3));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(late).equals("FAILED"));
    assertThat(shown(late).get("message").asText())
        .contains(": the time passed 2h")
        .endsWith(
            "(more than 10m: the server was not running, or the approval came after it); request"
                + " it again");
  }

  @Test
  void anApprovalThatCompletesInsideABlackoutFailsOrWaitsForItsEnd() {
    String approval = "approval: {required: 1, approvers: [approver], noSelfApproval: false}";
    configure(approval);
    var refuses = ask(admin, "");
    var waits = ask(admin, "\"afterBlackout\": true");
    assertThat(refuses.status()).as(refuses.body()).isEqualTo(201);
    assertThat(waits.status()).as(waits.body()).isEqualTo(201);
    long r = refuses.json().get("id").asLong();
    long w = waits.json().get("id").asLong();
    Instant now = server.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant until = now.plus(Duration.ofHours(1));
    configure(approval, freeze(now.minus(Duration.ofMinutes(1)), until));
    for (long id : List.of(r, w)) {
      var decided =
          server.send(
              "POST", "/api/v1/requests/" + id + "/approve", admin, "{\"comment\": \"ok\"}");
      assertThat(decided.status()).as(decided.body()).isEqualTo(200);
    }
    assertThat(state(r)).isEqualTo("FAILED");
    assertThat(shown(r).get("message").asText())
        .startsWith(
            "approved, but not started: environment 'Prod' of application 'App' is in blackout"
                + " window 'freeze'");
    assertThat(state(w)).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(shown(w).get("scheduledFor").asText())).isEqualTo(until);
  }

  @Test
  void aPausedScheduleSkipsItsTimeAndResumingDoesNotCatchUp() throws Exception {
    String schedule =
        """
        kind: Schedule
        name: hourly
        application: App
        environment: Prod
        process: deploy
        cron: "0 * * * *"
        paused: %s
        """;
    configure("", schedule.formatted(false));
    schedulesPass();
    configure("", schedule.formatted(true));
    schedulesPass();
    Instant now = server.clock().instant();
    Instant next = CronSchedule.parse("0 * * * *", null).nextAfter(now).orElseThrow();
    server.clock().advance(Duration.between(now, next).plusSeconds(30));
    schedulesPass();
    configure("", schedule.formatted(false)); // resumed five minutes later, within the grace
    server.clock().advance(Duration.ofMinutes(5));
    schedulesPass();
    timerPasses();
    assertThat(madeBy("hourly")).as("the time skipped while paused does not fire").isEmpty();

    server.clock().advance(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> madeBy("hourly").size() == 1);
  }
}
