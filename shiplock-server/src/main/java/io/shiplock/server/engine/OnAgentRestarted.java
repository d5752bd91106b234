package io.shiplock.server.engine;

import io.shiplock.server.engine.EngineEvent.AgentRestarted;
import java.util.List;

/** An agent (re)started: the steps it had in flight died with its previous process. */
final class OnAgentRestarted {
  private final RequestTx tx;
  private final StepStarter starter;

  OnAgentRestarted(RequestTx tx, StepStarter starter) {
    this.tx = tx;
    this.starter = starter;
  }

  List<Long> handle(AgentRestarted e) {
    String reason = "agent '" + e.agent().name() + "' restarted while the step was running";
    return tx.failInFlight(e.agent().agentId(), reason, starter);
  }
}
