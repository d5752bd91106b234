package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.List;
import java.util.Map;

/**
 * {@code switch} (UCD's): chooses which {@code onValue} edges the graph follows by its resolved
 * {@code value}, recorded as the output {@code value}. A value no edge names ends the branch, as in
 * UCD; the message says which value was chosen so the request page shows why.
 */
final class SwitchStep implements ServerStep {
  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.SWITCH);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    String value = String.valueOf(with.get("value"));
    String message =
        spec.onValue().containsKey(value)
            ? "value '" + value + "': on to " + String.join(", ", spec.onValue().get(value))
            : "value '" + value + "': no edge for it";
    return Result.ok(message, Map.of("value", value));
  }
}
