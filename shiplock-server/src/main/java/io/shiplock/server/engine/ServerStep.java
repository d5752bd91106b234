package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A step the server runs itself, in the handler's transaction. It must not block: a wait answers
 * WAITING, and the engine's timer (a deadline), a person (a manual task) or another request (a
 * lock's release) finishes it. Adding a server step type is its declaration in {@code
 * ServerStepTypes} and one small class that returns it, registered in {@link ServerSteps}.
 */
interface ServerStep {
  /** The declarations it runs: constants of {@code ServerStepTypes}, never names typed again. */
  List<StepType> declarations();

  /**
   * Runs the step: {@code row} is its own row (its id is how a lock's line knows it), {@code with}
   * its resolved parameters, {@code target} the component process it runs in (null in an
   * application process).
   */
  Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target);

  record Result(StepState state, String message, Map<String, String> outputs, Instant deadline) {
    static Result ok(String message, Map<String, String> outputs) {
      return new Result(StepState.SUCCEEDED, message, outputs, null);
    }

    static Result failed(String message) {
      return new Result(StepState.FAILED, message, Map.of(), null);
    }
  }
}
