package io.shiplock.server.engine;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.WorkQueue;

/**
 * An agent may report only on a step it was given and has taken (claimed by one of its polls), for
 * the attempt it was given. Work queued for it but not yet taken is not its own yet: a result for
 * it would end a step that never ran.
 */
final class StepOwner {
  private StepOwner() {}

  static void check(StepRun s, Identity agent, int attempt, WorkQueue work) {
    assigned(s, agent, attempt);
    if (!work.claimed(s.id(), attempt, agent.agentId())) throw notTaken(s, agent, attempt);
  }

  /** As {@link #check}, and the payload the step was sent with (one read for both). */
  static String claimedPayload(StepRun s, Identity agent, int attempt, WorkQueue work) {
    assigned(s, agent, attempt);
    return work.claimedPayload(s.id(), attempt, agent.agentId())
        .orElseThrow(() -> notTaken(s, agent, attempt));
  }

  private static void assigned(StepRun s, Identity agent, int attempt) {
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

  private static RequestRefused notTaken(StepRun s, Identity agent, int attempt) {
    return new RequestRefused(
        403,
        "step "
            + s.id()
            + " attempt "
            + attempt
            + " has not been taken by agent '"
            + agent.name()
            + "' (a poll of /api/v1/agent/work hands it over)");
  }
}
