package io.shiplock.server.engine;

import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.Store;
import io.shiplock.server.engine.EngineEvent.AgentsSilent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Agents that stopped answering lose their steps: FAILED, never silently re-run. */
final class OnAgentsSilent {
  private final Store store;
  private final Clock clock;
  private final RequestTx tx;
  private final StepStarter starter;
  // Agents cannot have reached a server that was down: silence counts from this start at the
  // earliest, so a long outage does not fail the steps that ran on through it.
  private final Instant started;

  OnAgentsSilent(Store store, Clock clock, RequestTx tx, StepStarter starter) {
    this.store = store;
    this.clock = clock;
    this.tx = tx;
    this.starter = starter;
    this.started = clock.instant();
  }

  List<Long> handle(AgentsSilent e) {
    Instant cutoff = clock.instant().minus(e.silence());
    if (cutoff.isBefore(started)) return List.of(); // the grace period after a start
    List<Long> effects = new ArrayList<>();
    for (Identity agent : store.read(r -> r.agents().silentSince(cutoff))) {
      String reason =
          "agent '"
              + agent.name()
              + "' stopped answering (no heartbeat for "
              + e.silence().toSeconds()
              + " s)";
      effects.addAll(tx.failInFlight(agent.agentId(), reason, starter));
    }
    return effects;
  }
}
