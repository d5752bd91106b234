package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code wait}: waiting is state, a deadline the engine's timer acts on; no thread sleeps. */
final class WaitStep implements ServerStep {
  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.WAIT);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    Duration d = Durations.parse(String.valueOf(with.get("duration")));
    if (d == null) return Result.failed("wait: '" + with.get("duration") + "' is not a duration");
    return new Result(
        StepState.WAITING, "waiting " + Durations.format(d), Map.of(), c.now().plus(d));
  }
}
