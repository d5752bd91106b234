package io.shiplock.server.engine;

import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.Map;
import java.util.Set;

/** {@code join}: the graph decided it may start; it has nothing else to do. */
final class JoinStep implements ServerStep {
  @Override
  public Set<String> types() {
    return Set.of("join");
  }

  @Override
  public Result run(StepStarter.Ctx c, StepSpec spec, Map<String, Object> with, StepRun target) {
    return Result.ok(null, Map.of());
  }
}
