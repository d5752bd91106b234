package io.shiplock.server.engine;

import io.shiplock.core.store.Store;
import io.shiplock.server.engine.EngineEvent.AgentStarted;

/**
 * An agent began a step: a single conditional update, without the request's lock or an advance.
 * Starting changes no decision of the graph, and it sits on every step's critical path
 * (docs/benchmarks.md, pipeline overhead).
 */
final class OnAgentStarted {
  private final Store store;

  OnAgentStarted(Store store) {
    this.store = store;
  }

  void handle(AgentStarted e) {
    if (store.write(r -> r.runs().started(e.stepId(), e.agent().agentId(), e.attempt()))) return;
    // Not a dispatched, taken step of this agent and attempt: a repeat is fine, anything else is
    // refused.
    store.read(
        r -> {
          StepOwner.check(r.runs().step(e.stepId()).orElse(null), e.agent(), e.attempt(), r.work());
          return null;
        });
  }
}
