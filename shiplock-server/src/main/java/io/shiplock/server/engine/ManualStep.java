package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manual}: waits, as state, for a person of its approvers (teams or roles) to confirm or
 * refuse ({@link Tasks}). Who may decide and what to do are kept in the step's outputs while it
 * waits, so the inbox, the email and the decision read them from the step itself.
 */
final class ManualStep implements ServerStep {
  /** Output names of a waiting manual step. */
  static final String APPROVERS = "approvers";

  static final String INSTRUCTIONS = "instructions";

  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.MANUAL);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    List<String> approvers = approvers(with.get(APPROVERS));
    if (approvers.isEmpty())
      return Result.failed("manual: 'approvers' names no team or role that decides");
    Object text = with.get(INSTRUCTIONS);
    String instructions = text == null ? "" : String.valueOf(text).strip();
    Duration timeout = null;
    if (with.get("timeout") != null) {
      timeout = Durations.parse(String.valueOf(with.get("timeout")));
      if (timeout == null)
        return Result.failed("manual: '" + with.get("timeout") + "' is not a duration");
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put(APPROVERS, String.join(", ", approvers));
    if (!instructions.isEmpty()) outputs.put(INSTRUCTIONS, instructions);
    return new Result(
        StepState.WAITING,
        "waits for "
            + String.join(", ", approvers)
            + " to confirm"
            + (instructions.isEmpty() ? "" : ": " + instructions),
        outputs,
        timeout == null ? null : c.now().plus(timeout));
  }

  /** The approvers of a resolved parameter: a list, or one name. */
  static List<String> approvers(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list)
        if (o != null && !String.valueOf(o).isBlank()) out.add(String.valueOf(o).strip());
    } else if (value != null) {
      for (String s : String.valueOf(value).split(",")) if (!s.isBlank()) out.add(s.strip());
    }
    return out;
  }

  /** True for a step row of this type: a person, not a timer, ends its wait. */
  static boolean is(StepRun s) {
    return ServerStepTypes.MANUAL.name().equals(s.type());
  }
}
