package io.shiplock.agent.step;

/** An agent step failed for a reason worth one clear line in the step log. */
public final class StepFailure extends RuntimeException {
  public StepFailure(String message) {
    super(message, null, false, false);
  }
}
