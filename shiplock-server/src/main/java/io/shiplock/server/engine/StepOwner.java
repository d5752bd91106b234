package io.shiplock.server.engine;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.RunRepository.StepRun;

/** An agent may report only on a step it was given, for the attempt it was given. */
final class StepOwner {
  private StepOwner() {}

  static void check(StepRun s, Identity agent, int attempt) {
    if (s == null || s.node() != NodeKind.STEP) throw new RequestRefused(404, "no such step");
    if (s.agentId() == null || s.agentId() != agent.agentId()) {
      throw new RequestRefused(
          403, "step " + s.id() + " is not assigned to agent '" + agent.name() + "'");
    }
    if (s.attempt() != attempt) {
      throw new RequestRefused(
          409, "step " + s.id() + " is at attempt " + s.attempt() + ", not " + attempt);
    }
  }
}
