package io.shiplock.agent.docker;

/** A Docker step failed for a reason worth one clear line in the step log. */
final class StepFailure extends RuntimeException {
  StepFailure(String message) {
    super(message, null, false, false);
  }
}
