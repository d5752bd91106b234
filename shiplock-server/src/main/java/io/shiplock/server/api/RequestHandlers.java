package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.engine.BlackoutPolicy;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.service.QueuedRequests;
import io.shiplock.core.store.LogRepository;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.SnapshotRepository;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.ApprovalAnswers.ApprovalProgress;
import io.shiplock.server.api.answers.ApprovalAnswers.DecisionAnswer;
import io.shiplock.server.api.answers.RequestAnswers.RequestDetail;
import io.shiplock.server.api.answers.RequestAnswers.RequestSummary;
import io.shiplock.server.api.answers.RequestAnswers.StepAnswer;
import io.shiplock.server.api.answers.RequestAnswers.StepLog;
import io.shiplock.server.auth.Principal;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.Timing;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests: make one, read them with their steps, cancel, read step logs. */
final class RequestHandlers {
  record NewRequest(
      String application,
      String environment,
      String process,
      JsonNode versions,
      Map<String, String> properties,
      String snapshot,
      String at,
      Boolean afterBlackout,
      String overrideBlackout) {}

  /**
   * When the request starts and what it does in a blackout window: refused (the default), waits for
   * its end ({@code afterBlackout}), or starts anyway ({@code overrideBlackout}: an admin's
   * comment, audited).
   */
  static Timing timing(Context ctx, Instant at, Boolean afterBlackout, String overrideBlackout) {
    boolean wait = Boolean.TRUE.equals(afterBlackout);
    if (overrideBlackout == null) return new Timing(at, wait ? BlackoutPolicy.WAIT : null, null);
    if (wait)
      throw ApiException.badRequest("give either 'afterBlackout' or 'overrideBlackout', not both");
    if (overrideBlackout.isBlank() || overrideBlackout.length() > 2000)
      throw ApiException.badRequest(
          "'overrideBlackout' is the comment that says why (1 to 2000 characters)");
    Principal p = ApiServer.principal(ctx);
    if (!p.admin())
      throw new ApiException(
          403,
          "forbidden",
          "only an admin may override a blackout window; user '" + p.name() + "' is not one");
    return new Timing(at, BlackoutPolicy.OVERRIDE, overrideBlackout.strip());
  }

  /**
   * The time a request is scheduled for, from the API's {@code at} (or UCD's {@code date}): an ISO
   * 8601 time with its zone; null for none (it starts now).
   */
  static Instant scheduledFor(String at) {
    return scheduledFor(at, "at");
  }

  /** As above for a field of another name (UCD's {@code date}). */
  static Instant scheduledFor(String at, String field) {
    if (at == null || at.isBlank()) return null;
    try {
      return OffsetDateTime.parse(at.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "'"
              + field
              + "' must be a time with its zone, such as 2026-12-01T22:00Z or"
              + " 2026-12-01T23:00+01:00, not '"
              + at
              + "'");
    }
  }

  /**
   * The versions of a request: an object {component: version}, or the list of {component, version}
   * pairs that UrbanCode Deploy users send.
   */
  static Map<String, String> versions(JsonNode node) {
    String shape =
        "field 'versions' must be an object {\"component\": \"version\"} or a list of"
            + " {\"component\": …, \"version\": …} pairs";
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) return out;
    if (node.isObject()) {
      for (var e : node.properties()) {
        if (!e.getValue().isTextual())
          throw ApiException.badRequest(
              "field 'versions." + e.getKey() + "' must be a string (the version's name)");
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    }
    if (!node.isArray()) throw ApiException.badRequest(shape);
    int i = 0;
    for (var pair : node) {
      String where = "field 'versions[" + i++ + "]'";
      if (!pair.isObject()
          || !pair.path("component").isTextual()
          || !pair.path("version").isTextual())
        throw ApiException.badRequest(
            where + " must be {\"component\": \"…\", \"version\": \"…\"} (two strings)");
      String component = pair.get("component").asText();
      if (out.put(component, pair.get("version").asText()) != null)
        throw ApiException.badRequest(where + ": component '" + component + "' is named twice");
    }
    return out;
  }

  /** Largest log text in one answer (JSON readers cap string sizes; Jackson's default is 20 M). */
  static final int MAX_LOG_RESPONSE = 8 * 1024 * 1024;

  private final Store store;
  private final Engine engine;
  private final SnapshotHandlers snapshots;

  RequestHandlers(Store store, Engine engine, SnapshotHandlers snapshots) {
    this.store = store;
    this.engine = engine;
    this.snapshots = snapshots;
  }

  List<Route> routes() {
    return List.of(
        Route.post(
                "/api/v1/requests",
                "Runs an application process on an environment with chosen versions.",
                this::create)
            .answers(201, RequestDetail.class)
            .needs(Permission.REQUEST),
        Route.get("/api/v1/requests", "Recent requests, newest first; ?limit=N.", this::list)
            .answersListOf(RequestSummary.class),
        Route.get(
                "/api/v1/requests/{id}",
                "One request with every step: state, timing, agent, outputs.",
                this::one)
            .answers(RequestDetail.class),
        Route.post(
                "/api/v1/requests/{id}/cancel",
                "Cancels a request: nothing new starts, running steps are stopped.",
                this::cancel)
            .answers(RequestDetail.class)
            .needs(Permission.REQUEST),
        Route.get(
                "/api/v1/steps/{id}/log",
                "A step's output after a position (?after=ATTEMPT:SEQ&limit=N).",
                this::log)
            .answers(StepLog.class));
  }

  private void create(Context ctx) {
    NewRequest r = Json.body(ctx, NewRequest.class);
    if (r.application() == null || r.environment() == null || r.process() == null) {
      throw ApiException.badRequest("a request needs 'application', 'environment' and 'process'");
    }
    ApiServer.require(ctx, Permission.REQUEST, r.application(), r.environment());
    Map<String, String> versions = versions(r.versions());
    if (r.snapshot() != null) {
      if (!versions.isEmpty())
        throw ApiException.badRequest("give either 'versions' or 'snapshot', not both");
      // The snapshot's versions, each checked by the environment's gate as any request's, and the
      // snapshot's statuses by a gate that asks for them.
      versions = fromSnapshot(snapshots.find(r.application(), r.snapshot()));
    }
    long id =
        engine.submit(
            r.application(),
            r.environment(),
            r.process(),
            versions,
            r.properties() == null ? Map.of() : r.properties(),
            r.snapshot(),
            ApiServer.principal(ctx).name(),
            timing(ctx, scheduledFor(r.at()), r.afterBlackout(), r.overrideBlackout()));
    Json.send(ctx, 201, detail(id));
  }

  /** The versions a snapshot holds, by component. */
  static Map<String, String> fromSnapshot(SnapshotRepository.Snapshot s) {
    Map<String, String> out = new LinkedHashMap<>();
    s.versions().forEach(e -> out.put(e.component(), e.version()));
    return out;
  }

  private void list(Context ctx) {
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(50);
    if (limit < 1 || limit > 1000)
      throw ApiException.badRequest("limit must be between 1 and 1000");
    List<Request> requests = store.read(r -> r.runs().list(limit));
    ReadScope scope = ApiServer.scope(ctx);
    Json.ok(
        ctx,
        requests.stream()
            .filter(q -> scope.environment(q.application(), q.environment()))
            .map(RequestSummary::of)
            .toList());
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("id must be a number");
    }
  }

  private void one(Context ctx) {
    long id = id(ctx);
    readable(ctx, id);
    Json.ok(ctx, detail(id));
  }

  /**
   * Refuses a request outside the caller's reads as if it did not exist: its id says nothing, and a
   * refusal would name its application and environment.
   */
  private void readable(Context ctx, long request) {
    ReadScope scope = ApiServer.scope(ctx);
    boolean visible =
        store
            .read(r -> r.runs().find(request))
            .filter(q -> scope.environment(q.application(), q.environment()))
            .isPresent();
    if (!visible) throw ApiException.notFound("no request " + request);
  }

  private void cancel(Context ctx) {
    long id = id(ctx);
    var req =
        store
            .read(s -> s.runs().find(id))
            .orElseThrow(() -> ApiException.notFound("no request " + id));
    ApiServer.require(ctx, Permission.REQUEST, req.application(), req.environment());
    engine.cancel(id);
    Json.ok(ctx, detail(id));
  }

  private void log(Context ctx) {
    long step = id(ctx);
    String after = ctx.queryParamAsClass("after", String.class).getOrDefault("0:0");
    String[] parts = after.split(":");
    // ":" splits into no part at all.
    if (parts.length == 0) throw ApiException.badRequest("after must be ATTEMPT:SEQ");
    int attempt;
    long seq;
    try {
      attempt = Integer.parseInt(parts[0]);
      seq = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("after must be ATTEMPT:SEQ");
    }
    int limit =
        Math.max(
            1, Math.min(1000, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(200)));
    StepRun s =
        store
            .read(r -> r.runs().step(step))
            .orElseThrow(() -> ApiException.notFound("no step " + step));
    try {
      readable(ctx, s.requestId());
    } catch (ApiException e) {
      throw ApiException.notFound("no step " + step);
    }
    // Answers stay under MAX_LOG_RESPONSE characters whatever the chunk count; clients page on.
    StringBuilder text = new StringBuilder();
    String next = after;
    int cursorAttempt = attempt;
    long cursorSeq = seq;
    boolean more = false;
    int taken = 0;
    while (taken < limit) {
      int a = cursorAttempt;
      long q = cursorSeq;
      List<LogRepository.Chunk> batch = store.read(r -> r.logs().read(step, a, q, 16));
      if (batch.isEmpty()) break;
      for (LogRepository.Chunk c : batch) {
        if (taken >= limit || (text.length() + c.data().length() > MAX_LOG_RESPONSE && taken > 0)) {
          more = true;
          break;
        }
        text.append(c.data());
        taken++;
        cursorAttempt = c.attempt();
        cursorSeq = c.seq();
        next = c.attempt() + ":" + c.seq();
      }
      if (more) break;
    }
    if (taken >= limit) more = true;
    Json.ok(ctx, new StepLog(step, s.state(), text.toString(), next, more));
  }

  private RequestDetail detail(long id) {
    return store.read(
        r -> {
          Request req =
              r.runs().find(id).orElseThrow(() -> ApiException.notFound("no request " + id));
          List<StepRun> steps = r.runs().steps(id);
          Map<Long, StepRun> byId = new HashMap<>();
          steps.forEach(s -> byId.put(s.id(), s));
          Map<Long, String> agents = new HashMap<>();
          List<StepAnswer> out = new ArrayList<>();
          for (StepRun s : steps) {
            String agent =
                s.agentId() == null
                    ? null
                    : agents.computeIfAbsent(s.agentId(), a -> r.agents().nameOf(a).orElse(null));
            out.add(
                new StepAnswer(
                    s.id(),
                    path(s, byId),
                    s.name(),
                    s.type(),
                    s.state(),
                    s.attempt(),
                    agent,
                    s.resourcePath(),
                    s.startedAt(),
                    s.finishedAt(),
                    s.outputs(),
                    s.message()));
          }
          var decisions = r.approvals().decisions(id);
          ApprovalProgress approval =
              !decisions.isEmpty() || req.state() == RequestState.WAITING_APPROVAL
                  ? new ApprovalProgress(
                      r.approvals().approvalExpiry(id).orElse(null),
                      decisions.stream().map(DecisionAnswer::of).toList())
                  : null;
          return new RequestDetail(
              RequestSummary.of(req),
              req.properties(),
              out,
              approval,
              QueuedRequests.waitingFor(r.runs(), req).orElse(null));
        });
  }

  /** A step's place in the tree: application step / resource / component step. */
  static String path(StepRun s, Map<Long, StepRun> byId) {
    StringBuilder sb = new StringBuilder(s.name());
    Long p = s.parentId();
    while (p != null) {
      StepRun parent = byId.get(p);
      sb.insert(0, parent.name() + " / ");
      p = parent.parentId();
    }
    return sb.toString();
  }
}
