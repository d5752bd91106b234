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
  // Agents cannot have reached a server that was down, nor one whose database was away: silence
  // counts from this start, and from the end of any time this check could not run (the database
  // did not answer, the process was paused), so an outage does not fail the steps that ran on
  // through it. Measured on the JVM's own timer, not on the engine's clock, which tests move.
  private Instant graceFrom;
  private long lastLookNanos;

  OnAgentsSilent(Store store, Clock clock, RequestTx tx, StepStarter starter) {
    this.store = store;
    this.clock = clock;
    this.tx = tx;
    this.starter = starter;
    this.graceFrom = clock.instant();
    this.lastLookNanos = System.nanoTime();
  }

  synchronized List<Long> handle(AgentsSilent e) {
    Instant now = clock.instant();
    long nanos = System.nanoTime();
    boolean wasAway = nanos - lastLookNanos > e.silence().dividedBy(3).toNanos();
    Instant cutoff = now.minus(e.silence());
    List<Identity> silent = store.read(r -> r.agents().silentSince(cutoff)); // throws while away
    lastLookNanos = nanos;
    if (wasAway) graceFrom = now;
    if (cutoff.isBefore(graceFrom)) return List.of(); // the grace period after a start or outage
    List<Long> effects = new ArrayList<>();
    for (Identity agent : silent) {
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
