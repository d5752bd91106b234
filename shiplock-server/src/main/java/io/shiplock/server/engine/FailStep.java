package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.List;
import java.util.Map;

/** {@code fail}: fails with its message, so a process can end in failure on purpose. */
final class FailStep implements ServerStep {
  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.FAIL);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    Object message = with.get("message");
    return Result.failed(
        message != null ? String.valueOf(message) : "failed by step '" + spec.name() + "'");
  }
}
