package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.List;
import java.util.Map;

/** {@code join}: the graph decided it may start; it has nothing else to do. */
final class JoinStep implements ServerStep {
  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.JOIN);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    return Result.ok(null, Map.of());
  }
}
