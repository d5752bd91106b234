package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.LogRepository;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.WorkQueue;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.engine.AgentHub;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.EngineEvent.AgentFinished;
import io.shiplock.server.engine.EngineWiring;
import io.shiplock.server.engine.Payloads;
import io.shiplock.server.engine.StepLogs;
import io.shiplock.server.metrics.ServerMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The agent protocol. Agents connect out and long-poll for work; each poll is also a heartbeat. An
 * agent sees only its own work and may report only on its own steps, at their current attempt.
 */
final class AgentProtocolHandlers {
  /** Longest a poll waits for work before answering empty (the agent polls again at once). */
  static final int MAX_WAIT_SECONDS = 5;

  /** Largest accepted log chunk. */
  static final int MAX_CHUNK_CHARS = 1 << 20;

  /** {@code steps}: the step types the agent runs (absent from agents before it was added). */
  record Hello(String host, String version, String instance, List<String> steps) {}

  record Attempt(int attempt) {}

  record LogChunk(int attempt, long seq, String data) {}

  /** {@code next}: the agent takes its next work in the answer (agents before it leave it out). */
  record Result(
      int attempt,
      String state,
      Map<String, String> outputs,
      String message,
      LogChunk log,
      Boolean next) {}

  private final Store store;
  private final Engine engine;
  private final Payloads payloads;
  private final AgentHub hub;
  private final Clock clock;
  private final StepLogs logs;
  private final ThisNode node;
  private final ServerMetrics metrics;
  private final Heartbeats heartbeats;

  AgentProtocolHandlers(
      Store store, EngineWiring.Wired wired, Clock clock, ThisNode node, ServerMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
    this.node = node;
    this.engine = wired.engine();
    this.payloads = wired.payloads();
    this.hub = wired.hub();
    this.logs = wired.logs();
    this.clock = clock;
    this.heartbeats = new Heartbeats(store, clock);
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/agent/hello",
                "An agent process announces itself (at start and on reconnect).",
                this::hello)
            .forAgents(),
        Route.get(
                "/api/v1/agent/work",
                "Long-polls for work (?wait=SECONDS&running=ID,…); answers with work and steps to cancel.",
                this::work)
            .forAgents(),
        Route.post("/api/v1/agent/steps/{id}/started", "The agent began a step.", this::started)
            .forAgents(),
        Route.post(
                "/api/v1/agent/steps/{id}/log", "A sequenced chunk of a step's output.", this::log)
            .forAgents(),
        Route.post(
                "/api/v1/agent/steps/{id}/result",
                "A step's result, applied once per attempt.",
                this::result)
            .forAgents());
  }

  private void hello(Context ctx) {
    Identity agent = ApiServer.agent(ctx);
    Hello h = Json.body(ctx, Hello.class);
    if (h.instance() == null || h.instance().isBlank())
      throw ApiException.badRequest("hello needs the agent process's 'instance' id");
    // As long as the columns that keep them; a longer one answered 500.
    longest("host", h.host(), 255);
    longest("version", h.version(), 64);
    longest("instance", h.instance(), 64);
    if (h.steps() != null)
      for (String step : h.steps())
        // Stored as one comma-separated list: a comma would split a name in two.
        if (step == null || step.isBlank() || step.contains(","))
          throw ApiException.badRequest(
              "hello's 'steps' lists step type names (no null, empty or comma), not '"
                  + step
                  + "'");
    String previous =
        store.write(
            r -> {
              String before =
                  r.agents()
                      .hello(agent.agentId(), h.host(), h.version(), h.instance(), clock.instant());
              if (h.steps() != null) r.agents().stepTypes(agent.agentId(), Set.copyOf(h.steps()));
              if (!h.instance().equals(before))
                Audit.record(
                    r,
                    clock.instant(),
                    "agent:" + agent.name(),
                    "agent.connect",
                    "agent " + agent.name(),
                    "success",
                    "host " + h.host() + ", version " + h.version());
              return before;
            });
    if (previous != null && !previous.equals(h.instance())) engine.agentRestarted(agent);
    Json.ok(ctx, Map.of("agent", agent.name(), "pollSeconds", MAX_WAIT_SECONDS));
  }

  private static void longest(String field, String value, int max) {
    if (value != null && value.length() > max)
      throw ApiException.badRequest("hello's '" + field + "' has at most " + max + " characters");
  }

  private void work(Context ctx) throws InterruptedException {
    Identity agent = ApiServer.agent(ctx);
    // A stopping node claims nothing more: the agent polls another node (a 5xx moves it on).
    if (node.draining())
      throw new ApiException(
          503, "draining", "node " + node.id() + " is stopping; poll another node");
    int wait =
        Math.max(
            0,
            Math.min(
                MAX_WAIT_SECONDS,
                ctx.queryParamAsClass("wait", Integer.class).getOrDefault(MAX_WAIT_SECONDS)));
    List<Long> running = new ArrayList<>();
    String runningParam = ctx.queryParam("running");
    if (runningParam != null && !runningParam.isBlank()) {
      for (String s : runningParam.split(",")) {
        try {
          running.add(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
          throw ApiException.badRequest("running must list step ids, not '" + s + "'");
        }
      }
    }
    long deadline = System.nanoTime() + holdNanos(wait, ThreadLocalRandom.current().nextDouble());
    Instant pollStart = clock.instant();
    boolean first = true;
    while (true) {
      // Work claimed by an earlier answer the agent never got (the server was killed after the
      // claim committed) would stay DISPATCHED for ever: the first look of a poll hands it over
      // again. It stays claimed: the answer may only have crossed this poll on the wire, and the
      // agent, which runs each (step, attempt) once, ignores what it already holds.
      Optional<Instant> lostBefore = first ? Optional.of(pollStart) : Optional.empty();
      first = false;
      long wakeups = hub.wakeups(agent.agentId()); // before the look: a later commit wakes us
      heartbeats.beat(agent.agentId());
      // A look first, a write only when there is something to claim: an idle poll never queues
      // for the write lock (on SQLite one connection serves every write).
      Peek peek =
          store.read(
              r ->
                  new Peek(
                      lostBefore
                          .map(t -> r.work().lost(agent.agentId(), running, t, LOST_MAX))
                          .orElse(List.of()),
                      r.work().pending(agent.agentId()),
                      toCancel(r, agent, running)));
      List<WorkQueue.Item> items = new ArrayList<>(peek.lost());
      List<Long> cancel = peek.cancel();
      if (peek.pending()) {
        Look look =
            store.write(
                r ->
                    new Look(
                        r.work().claim(agent.agentId(), clock.instant(), 16),
                        toCancel(r, agent, running)));
        items.addAll(look.items());
        cancel = look.cancel();
      }
      long left = deadline - System.nanoTime();
      if (!items.isEmpty() || !cancel.isEmpty() || left <= 0 || node.draining()) {
        answer(ctx, items, cancel);
        return;
      }
      if (!hub.awaitUntil(agent.agentId(), wakeups, deadline)) {
        // Not woken and out of time: nothing was queued for it since the look (a commit wakes
        // it), and it polls again at once, whose first look finds anything later. A last look
        // here was a second read transaction per idle poll, which 500 agents made every 5 s.
        answer(ctx, List.of(), List.of());
        return;
      }
    }
  }

  private void answer(Context ctx, List<WorkQueue.Item> items, List<Long> cancel) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("work", handOver(items));
    m.put("cancel", cancel);
    Json.ok(ctx, m);
  }

  /** Share of an idle poll's wait cut at random: see {@link #holdNanos}. */
  static final double HOLD_SPREAD = 0.3;

  /**
   * How long an idle poll is held: the wait the agent asked for, shortened by up to {@link
   * #HOLD_SPREAD} at random ({@code random} in [0, 1)). Agents that connected together (a node's
   * start, a bench) would otherwise time out and poll again in the same instant every 5 s, and the
   * steps running then waited behind hundreds of polls (issue 18: dispatch p99).
   */
  static long holdNanos(int waitSeconds, double random) {
    return (long) (waitSeconds * 1_000_000_000L * (1 - HOLD_SPREAD * random));
  }

  /** What one look of a poll found: work it claimed, and steps the agent should stop. */
  private record Look(List<WorkQueue.Item> items, List<Long> cancel) {}

  /**
   * What a poll's read found: claimed work the agent may never have got, whether there is work to
   * claim, and steps the agent should stop.
   */
  private record Peek(List<WorkQueue.Item> lost, boolean pending, List<Long> cancel) {}

  /** At most this many lost items per poll; the rest come with the next. */
  private static final int LOST_MAX = 64;

  /** The steps of {@code running} the agent should stop: ended, canceled, or not its own. */
  private static List<Long> toCancel(Repositories r, Identity agent, List<Long> running) {
    List<Long> cancel = new ArrayList<>();
    for (long id : running) {
      StepRun s = r.runs().step(id).orElse(null);
      boolean stop =
          s == null
              || s.agentId() == null
              || s.agentId() != agent.agentId()
              || s.state().isTerminal()
              || r.runs().find(s.requestId()).map(q -> q.cancelRequested()).orElse(true);
      if (stop) cancel.add(id);
    }
    return cancel;
  }

  /** Claimed items as the agent gets them; how long each waited goes to the metrics. */
  private List<JsonNode> handOver(List<WorkQueue.Item> items) {
    Instant now = clock.instant();
    List<JsonNode> work = new ArrayList<>();
    for (WorkQueue.Item i : items) {
      work.add(parse(payloads.open(i.payload())));
      if (i.createdAt() != null) metrics.dispatched(Duration.between(i.createdAt(), now));
    }
    return work;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt work item", e);
    }
  }

  private static long stepId(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("step id must be a number");
    }
  }

  private void started(Context ctx) {
    heartbeats.beat(ApiServer.agent(ctx).agentId());
    engine.started(ApiServer.agent(ctx), stepId(ctx), Json.body(ctx, Attempt.class).attempt());
    Json.ok(ctx, Map.of("ok", true));
  }

  private void log(Context ctx) {
    Identity agent = ApiServer.agent(ctx);
    heartbeats.beat(agent.agentId());
    LogChunk chunk = Json.body(ctx, LogChunk.class);
    checkChunk(chunk);
    LogRepository.Appended appended =
        logs.append(agent, stepId(ctx), chunk.attempt(), chunk.seq(), chunk.data());
    Json.ok(
        ctx,
        Map.of(
            "stored", appended != LogRepository.Appended.DUPLICATE, "appended", appended.name()));
  }

  private static void checkChunk(LogChunk chunk) {
    if (chunk.data() == null || chunk.seq() < 0)
      throw ApiException.badRequest("a log chunk needs 'seq' >= 0 and 'data'");
    if (chunk.data().length() > MAX_CHUNK_CHARS)
      throw new ApiException(
          413, "too_large", "a log chunk may hold at most " + MAX_CHUNK_CHARS + " characters");
  }

  private void result(Context ctx) {
    // Any report is a sign of life: an agent that takes its next steps from results' answers may
    // not poll for as long as a chain of short steps lasts.
    heartbeats.beat(ApiServer.agent(ctx).agentId());
    Result r = Json.body(ctx, Result.class);
    LogChunk tail = r.log();
    if (tail != null) {
      checkChunk(tail);
      if (tail.attempt() != r.attempt())
        throw ApiException.badRequest("the log of a result must be of the result's attempt");
    }
    StepState state;
    try {
      state = StepState.valueOf(String.valueOf(r.state()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "state must be SUCCEEDED, FAILED, SKIPPED or CANCELED, not '" + r.state() + "'");
    }
    Engine.Answer answer =
        engine.result(
            new AgentFinished(
                ApiServer.agent(ctx),
                stepId(ctx),
                r.attempt(),
                state,
                r.outputs() == null ? Map.of() : r.outputs(),
                r.message(),
                tail == null ? null : new StepLogs.Tail(tail.seq(), tail.data()),
                Boolean.TRUE.equals(r.next())));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("applied", answer.applied().name());
    if (Boolean.TRUE.equals(r.next())) m.put("work", handOver(answer.next()));
    Json.ok(ctx, m);
  }
}
