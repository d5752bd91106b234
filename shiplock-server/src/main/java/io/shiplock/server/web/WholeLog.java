package io.shiplock.server.web;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.store.LogRepository.Chunk;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's whole log as plain text: every step in the order of the request page, each under a
 * heading with its state, agent and duration, then its message and its whole output (the page shows
 * at most 64 KB per step; this has it all).
 */
final class WholeLog {
  private static final int CHUNKS_PER_READ = 1000;

  private WholeLog() {}

  static String of(Repositories r, long id) {
    var req = r.runs().find(id).orElseThrow();
    StringBuilder b = new StringBuilder();
    b.append("Request ")
        .append(id)
        .append(": ")
        .append(req.process().name())
        .append(" on ")
        .append(req.environment())
        .append(" (")
        .append(req.application())
        .append("), requested by ")
        .append(req.requestedBy())
        .append(" at ")
        .append(Times.readable(req.requestedAt()))
        .append('\n');
    b.append("State: ").append(req.state());
    if (req.message() != null) b.append(" — ").append(req.message());
    b.append('\n');
    List<StepRun> rows = r.runs().steps(id);
    if (rows.isEmpty()) b.append("\nNothing has run.\n");
    Map<Long, StepRun> byId = new HashMap<>();
    rows.forEach(s -> byId.put(s.id(), s));
    Map<Long, String> shown = RequestView.shownStates(rows);
    Map<Long, String> agents = new HashMap<>();
    for (StepRun s : rows) {
      b.append("\n── ").append(RequestView.path(s, byId)).append(" ── ").append(shown.get(s.id()));
      if (s.agentId() != null)
        b.append(" on ")
            .append(agents.computeIfAbsent(s.agentId(), a -> r.agents().nameOf(a).orElse("?")));
      String took = RequestView.took(s);
      if (!took.isEmpty()) b.append(", ").append(took);
      b.append('\n');
      if (s.message() != null) b.append(s.message()).append('\n');
      if (s.node() != NodeKind.STEP || s.agentId() == null) continue;
      int attempt = 0;
      long seq = 0;
      boolean endsInNewline = true;
      while (true) {
        List<Chunk> chunks = r.logs().read(s.id(), attempt, seq, CHUNKS_PER_READ);
        for (Chunk c : chunks) {
          b.append(c.data());
          if (!c.data().isEmpty()) endsInNewline = c.data().endsWith("\n");
        }
        if (chunks.size() < CHUNKS_PER_READ) break;
        Chunk last = chunks.get(chunks.size() - 1);
        attempt = last.attempt();
        seq = last.seq();
      }
      if (!endsInNewline) b.append('\n');
    }
    return b.toString();
  }
}
