package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An environment with {@code concurrency: 1} runs one request at a time (issue 14): the others are
 * QUEUED with the request they wait for, start in the order they were made, leave the line when
 * canceled, and a canceled holder frees the place. The test speaks the agent protocol itself, so
 * the holder runs exactly as long as the test says. On both stores: PostgreSQL holds the lock with
 * a row lock across server nodes, SQLite with its one writer.
 */
abstract class EnvironmentLockContract {
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

  protected void configure(int concurrency) {
    var applied =
        server.apply(
            admin,
            List.of(
                new SourceFile(
                    "app.yaml", Fixtures.limited("agent-a", "echo working", concurrency))));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    agent = server.agentToken(admin, "agent-a");
    server.hello(agent);
  }

  protected long request() {
    return request(server);
  }

  protected long request(TestServer node) {
    var made =
        node.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"App\", \"environment\": \"Prod\", \"process\": \"deploy\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return made.json().get("id").asLong();
  }

  private JsonNode shown(long id) {
    return server.send("GET", "/api/v1/requests/" + id, admin, null).json();
  }

  protected String state(long id) {
    return shown(id).get("state").asText();
  }

  /** The steps the agent is handed now (a short poll listing {@code running}). */
  protected List<Long> workOf(List<Long> running) {
    return server.poll(agent, running, 1).stream().map(w -> w.get("stepId").asLong()).toList();
  }

  protected long stepOf(long request) {
    for (JsonNode s : shown(request).get("steps"))
      if (s.get("type").asText().equals("shell")) return s.get("id").asLong();
    throw new AssertionError("request " + request + " has no shell step yet: " + shown(request));
  }

  private void assertQueuedBehind(long id, long holder) {
    JsonNode r = shown(id);
    assertThat(r.get("state").asText()).as(r.toString()).isEqualTo("QUEUED");
    assertThat(r.path("waitingFor").asLong()).as(r.toString()).isEqualTo(holder);
    assertThat(r.get("steps")).as("nothing of it has run").isEmpty();
  }

  @Test
  void requestsQueueBehindTheOneRunningAndStartInTheOrderTheyWereMade() {
    configure(1);
    long a = request();
    long b = request();
    long c = request();
    assertThat(state(a)).isEqualTo("RUNNING");
    assertThat(shown(a).has("waitingFor")).isFalse();
    assertQueuedBehind(b, a);
    assertQueuedBehind(c, a);
    assertThat(server.page(admin, "/ui/requests/" + b))
        .contains(
            "Nothing has run yet: queued behind request "
                + a
                + ", which holds the place of Prod (it allows a limited number of requests at once).");
    assertThat(workOf(List.of()))
        .as("only the holder's step is handed out")
        .containsExactly(stepOf(a));

    server.stepEnds(agent, stepOf(a), "SUCCEEDED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(b).equals("RUNNING"));
    assertThat(state(a)).isEqualTo("SUCCEEDED");
    assertQueuedBehind(c, b);
    assertThat(workOf(List.of())).containsExactly(stepOf(b));

    server.stepEnds(agent, stepOf(b), "FAILED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(c).equals("RUNNING"));
    assertThat(state(b)).as("a failed holder frees the place too").isEqualTo("FAILED");
    server.agentEnds(agent, "SUCCEEDED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(c).equals("SUCCEEDED"));
  }

  @Test
  void aQueuedRequestLeavesTheLineWhenCanceledAndACanceledHolderFreesThePlace() {
    configure(1);
    long a = request();
    long b = request();
    long c = request();
    var canceled = server.send("POST", "/api/v1/requests/" + b + "/cancel", admin, null);
    assertThat(canceled.status()).as(canceled.body()).isLessThan(300);
    JsonNode gone = shown(b);
    assertThat(gone.get("state").asText()).isEqualTo("CANCELED");
    assertThat(gone.get("message").asText()).isEqualTo("canceled while queued");
    assertThat(gone.get("steps")).isEmpty();
    assertQueuedBehind(c, a);

    long step = stepOf(a);
    assertThat(workOf(List.of())).containsExactly(step);
    assertThat(server.send("POST", "/api/v1/requests/" + a + "/cancel", admin, null).status())
        .isLessThan(300);
    // The agent, told through its poll, stops the step and says so.
    var told = server.send("GET", "/api/v1/agent/work?wait=1&running=" + step, agent, null);
    assertThat(told.json().get("cancel")).extracting(JsonNode::asLong).containsExactly(step);
    server.stepEnds(agent, step, "CANCELED");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(c).equals("RUNNING"));
    assertThat(state(a)).isEqualTo("CANCELED");
  }

  /**
   * The limit removed while requests queue: nothing ends to free a place, and the engine's timer
   * starts them all within seconds (a raised limit, or a start that raced an end, the same way).
   */
  @Test
  void requestsQueuedBehindALimitThatWasRemovedStartWithoutWaitingForAnEnd() {
    configure(1);
    long a = request();
    long b = request();
    long c = request();
    assertQueuedBehind(b, a);
    configure(0);
    await().atMost(Duration.ofSeconds(30)).until(() -> state(b).equals("RUNNING"));
    await().atMost(Duration.ofSeconds(30)).until(() -> state(c).equals("RUNNING"));
    assertThat(state(a)).isEqualTo("RUNNING");
  }

  @Test
  void aLimitOfTwoRunsTwoAndRequestsMadeAtOnceNeverExceedIt() throws Exception {
    configure(2);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Long> ids = new ArrayList<>();
    try {
      List<Future<Long>> made = new ArrayList<>();
      Callable<Long> make = this::request;
      for (int i = 0; i < 6; i++) made.add(pool.submit(make));
      for (Future<Long> f : made) ids.add(f.get());
    } finally {
      pool.shutdownNow();
    }
    ids.sort(Long::compare);
    // Made at once, two run and four queue. Which two is the order the requests committed in: on
    // a store with concurrent writers a request can commit, and take a place, before an older id.
    List<Long> running = new ArrayList<>(ids.stream().filter(id -> isRunning(id)).toList());
    assertThat(running).as("two run").hasSize(2);
    // One writer at a time (SQLite): ids follow commits, so the two oldest.
    if (!dialect().equals("postgresql"))
      assertThat(running).containsExactly(ids.get(0), ids.get(1));
    ArrayDeque<Long> queued =
        new ArrayDeque<>(ids.stream().filter(id -> !running.contains(id)).toList());
    for (long id : queued) {
      assertThat(state(id)).isEqualTo("QUEUED");
      assertThat(shown(id).path("waitingFor").asLong()).isEqualTo(running.get(0));
    }
    while (!running.isEmpty()) {
      long holder = running.remove(0);
      workOf(List.of()); // the agent takes what was handed out
      server.stepEnds(agent, stepOf(holder), "SUCCEEDED");
      // Once made, the queued start oldest first.
      Long next = queued.poll();
      if (next != null) {
        await().atMost(Duration.ofSeconds(10)).until(() -> isRunning(next));
        running.add(next);
      }
      assertThat(ids.stream().filter(this::isRunning).count())
          .as("never more than the limit")
          .isLessThanOrEqualTo(2);
    }
  }

  protected boolean isRunning(long id) {
    return state(id).equals("RUNNING");
  }
}
