package io.shiplock.server.engine;

import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.Map;
import java.util.Set;

/** {@code fail}: fails with its message, so a process can end in failure on purpose. */
final class FailStep implements ServerStep {
  @Override
  public Set<String> types() {
    return Set.of("fail");
  }

  @Override
  public Result run(StepStarter.Ctx c, StepSpec spec, Map<String, Object> with, StepRun target) {
    Object message = with.get("message");
    return Result.failed(
        message != null ? String.valueOf(message) : "failed by step '" + spec.name() + "'");
  }
}
