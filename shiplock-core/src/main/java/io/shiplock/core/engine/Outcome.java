package io.shiplock.core.engine;

/** How a process (or a request) ended. */
public enum Outcome {
  SUCCEEDED,
  FAILED,
  CANCELED;

  public StepState asStepState() {
    return switch (this) {
      case SUCCEEDED -> StepState.SUCCEEDED;
      case FAILED -> StepState.FAILED;
      case CANCELED -> StepState.CANCELED;
    };
  }
}
