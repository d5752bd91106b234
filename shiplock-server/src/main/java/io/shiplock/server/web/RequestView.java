package io.shiplock.server.web;

import io.shiplock.core.store.ApprovalRepository.Decision;
import io.shiplock.core.store.LogRepository.Chunk;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the request page shows: the request, every step with its timing and output, decisions. */
public record RequestView(
    Request request, List<Step> steps, List<Decision> decisions, boolean active) {
  /** Output shown per step; the API pages through the rest. */
  static final int MAX_LOG_CHARS = 64 * 1024;

  public record Step(
      String path,
      String state,
      String agent,
      String took,
      String message,
      String log,
      int depth) {}

  static Optional<RequestView> of(Repositories r, long id) {
    Optional<Request> req = r.runs().find(id);
    if (req.isEmpty()) return Optional.empty();
    List<StepRun> rows = r.runs().steps(id);
    Map<Long, StepRun> byId = new HashMap<>();
    rows.forEach(s -> byId.put(s.id(), s));
    List<Step> steps = new ArrayList<>();
    for (StepRun s : rows) {
      StringBuilder path = new StringBuilder(s.name());
      int depth = 0;
      for (Long p = s.parentId(); p != null; p = byId.get(p).parentId()) {
        path.insert(0, byId.get(p).name() + " / ");
        depth++;
      }
      String took =
          s.startedAt() != null && s.finishedAt() != null
              ? Duration.between(s.startedAt(), s.finishedAt()).toMillis() + " ms"
              : "";
      StringBuilder log = new StringBuilder();
      if (s.node().equals("step") && s.agentId() != null) {
        for (Chunk c : r.logs().read(s.id(), 0, 0, 10_000)) {
          log.append(c.data());
          if (log.length() > MAX_LOG_CHARS) {
            log.setLength(MAX_LOG_CHARS);
            log.append("\n… (more through the API: GET /api/v1/steps/")
                .append(s.id())
                .append("/log)");
            break;
          }
        }
      }
      String agent = s.agentId() == null ? "" : r.agents().nameOf(s.agentId()).orElse("");
      steps.add(
          new Step(
              path.toString(), s.state().name(), agent, took, s.message(), log.toString(), depth));
    }
    String state = req.get().state();
    boolean active =
        state.equals("QUEUED") || state.equals("RUNNING") || state.equals("WAITING_APPROVAL");
    return Optional.of(new RequestView(req.get(), steps, r.approvals().decisions(id), active));
  }
}
