package io.shiplock.server.engine;

import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.List;

/**
 * What the engine tells the server's metrics when a request has ended: the request and its steps as
 * stored. Told once per ending on the node that applies the effect (an effect is applied at least
 * once, so a node that dies mid-way may leave one ending told twice: a metric, not a record).
 */
public interface EngineMeters {
  void requestEnded(Request request, List<StepRun> steps);

  /** Nobody listens (tests, tools). */
  EngineMeters NONE = (request, steps) -> {};
}
