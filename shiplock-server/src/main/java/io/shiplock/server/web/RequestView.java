package io.shiplock.server.web;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.service.QueuedRequests;
import io.shiplock.core.store.ApprovalRepository.Decision;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.core.store.LogRepository.Chunk;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the request page shows: the request, its process graphs (the application process and each
 * target's component process), every step with its timing, outputs and log, and the decisions.
 */
public record RequestView(
    Request request,
    List<StepGraph> graphs,
    List<Step> steps,
    List<Decision> decisions,
    Approval approval,
    boolean active,
    Long waitingFor) {
  /** The environment's approval rules and how far this request is (null without an approval). */
  public record Approval(
      int required,
      long approved,
      List<String> approvers,
      boolean noSelfApproval,
      Instant expiresAt) {}

  /** Output shown per step; the API pages through the rest. */
  static final int MAX_LOG_CHARS = 64 * 1024;

  public record Step(
      long id,
      String path,
      String state,
      String agent,
      String took,
      String message,
      Map<String, String> outputs,
      String log,
      int depth) {}

  static Optional<RequestView> of(Repositories r, long id) {
    Optional<Request> req = r.runs().find(id);
    if (req.isEmpty()) return Optional.empty();
    List<StepRun> rows = r.runs().steps(id);
    Map<Long, StepRun> byId = new HashMap<>();
    rows.forEach(s -> byId.put(s.id(), s));
    List<Step> steps = new ArrayList<>();
    Map<Long, String> agents = new HashMap<>();
    Map<Long, String> shown = shownStates(rows);
    for (StepRun s : rows) {
      String log = s.node() == NodeKind.STEP && s.agentId() != null ? log(r, s) : "";
      String agent =
          s.agentId() == null
              ? ""
              : agents.computeIfAbsent(s.agentId(), a -> r.agents().nameOf(a).orElse(""));
      steps.add(
          new Step(
              s.id(),
              path(s, byId),
              shown.get(s.id()),
              agent,
              took(s),
              s.message(),
              s.outputs(),
              log,
              depth(s, byId)));
    }
    List<Decision> decisions = r.approvals().decisions(id);
    return Optional.of(
        new RequestView(
            req.get(),
            graphs(req.get(), rows),
            steps,
            decisions,
            approval(r, req.get(), decisions),
            req.get().state().isActive(),
            QueuedRequests.waitingFor(r.runs(), req.get()).orElse(null)));
  }

  private static Approval approval(Repositories r, Request req, List<Decision> decisions) {
    if (decisions.isEmpty() && req.state() != RequestState.WAITING_APPROVAL) return null;
    var env =
        r.config()
            .find(new ObjectKey(Kind.ENVIRONMENT, req.application(), req.environment()))
            .map(o -> ((EnvironmentSpec) o).approval());
    if (env.isEmpty()) return null;
    var rules = env.get();
    return new Approval(
        rules.required(),
        decisions.stream().filter(d -> d.decision() == Verdict.APPROVED).count(),
        rules.approvers(),
        rules.noSelfApproval(),
        r.approvals().approvalExpiry(req.id()).orElse(null));
  }

  /** What the page says in place of the steps while none has run: what the request waits for. */
  public String nothingRun() {
    return switch (request.state()) {
      case WAITING_APPROVAL ->
          request.scheduledFor() == null
              ? "Nothing has run yet: the steps start once the request is approved."
              : "Nothing has run yet: once approved, the request is scheduled for "
                  + request.scheduledFor()
                  + ".";
      case SCHEDULED ->
          "Nothing has run yet: scheduled for "
              + request.scheduledFor()
              + "; the gate and approvals are checked again then.";
      case QUEUED ->
          waitingFor == null
              ? "Nothing has run yet: the request is queued."
              : "Nothing has run yet: queued behind request "
                  + waitingFor
                  + ", which holds the place of "
                  + request.environment()
                  + " (it allows a limited number of requests at once).";
      default -> "No step ran.";
    };
  }

  /**
   * What changes the page's steps part: the request's state and each step's state and attempt. Log
   * lines go by their own events.
   */
  static String fingerprint(Request req, List<StepRun> rows, int decisions) {
    StringBuilder b = new StringBuilder(req.state().name()).append('/').append(decisions);
    for (StepRun s : rows)
      b.append(';').append(s.id()).append(s.state()).append(s.attempt()).append(s.message());
    return b.toString();
  }

  /**
   * The state the page shows for each step. A group (an application step that installs a component,
   * a component process on a target) is WAITING for its children while they run, which to a reader
   * is running; a step waiting on a timer has no children and stays WAITING.
   */
  static Map<Long, String> shownStates(List<StepRun> rows) {
    Set<Long> parents = new HashSet<>();
    for (StepRun s : rows) if (s.parentId() != null) parents.add(s.parentId());
    Map<Long, String> out = new HashMap<>();
    for (StepRun s : rows)
      out.put(
          s.id(),
          s.state() == StepState.WAITING && parents.contains(s.id())
              ? StepState.RUNNING.name()
              : s.state().name());
    return out;
  }

  /** The application process, then each target's component process, as drawn graphs. */
  private static List<StepGraph> graphs(Request req, List<StepRun> rows) {
    Map<Long, String> shown = shownStates(rows);
    Map<Long, Map<String, StepGraph.Run>> byParent = new LinkedHashMap<>();
    for (StepRun s : rows)
      byParent
          .computeIfAbsent(Objects.requireNonNullElse(s.parentId(), 0L), k -> new HashMap<>())
          .put(s.name(), new StepGraph.Run(shown.get(s.id()), took(s)));
    List<StepGraph> out = new ArrayList<>();
    out.add(StepGraph.of(req.process().name(), req.process(), byParent.getOrDefault(0L, Map.of())));
    for (StepRun s : rows)
      if (s.node() == NodeKind.TARGET && s.spec() != null)
        out.add(
            StepGraph.of(
                s.component() + " · " + s.spec().name() + " on " + s.name(),
                s.spec(),
                byParent.getOrDefault(s.id(), Map.of())));
    return out;
  }

  private static String log(Repositories r, StepRun s) {
    StringBuilder log = new StringBuilder();
    for (Chunk c : r.logs().read(s.id(), 0, 0, 10_000)) {
      log.append(c.data());
      if (log.length() > MAX_LOG_CHARS) {
        log.setLength(MAX_LOG_CHARS);
        log.append("\n… (more through the API: GET /api/v1/steps/").append(s.id()).append("/log)");
        break;
      }
    }
    return log.toString();
  }

  static String path(StepRun s, Map<Long, StepRun> byId) {
    StringBuilder path = new StringBuilder(s.name());
    for (Long p = s.parentId(); p != null; p = byId.get(p).parentId())
      path.insert(0, byId.get(p).name() + " / ");
    return path.toString();
  }

  private static int depth(StepRun s, Map<Long, StepRun> byId) {
    int depth = 0;
    for (Long p = s.parentId(); p != null; p = byId.get(p).parentId()) depth++;
    return depth;
  }

  static String took(StepRun s) {
    if (s.startedAt() == null || s.finishedAt() == null) return "";
    return Times.duration(Duration.between(s.startedAt(), s.finishedAt()));
  }
}
