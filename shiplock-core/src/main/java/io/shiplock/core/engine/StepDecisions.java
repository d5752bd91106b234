package io.shiplock.core.engine;

import java.util.List;
import java.util.Optional;

/**
 * The engine's small decisions about single steps, outside any transaction: whether a failed
 * attempt is tried again, and how a fan-out over targets ended. Pure, so they are tested without a
 * database; the engine persists what they decide.
 */
public final class StepDecisions {
  /** Attempts a retryable step gets in all. */
  public static final int MAX_ATTEMPTS = 3;

  private StepDecisions() {}

  /**
   * The attempt to run next after an agent reported {@code reported} for {@code attempt}; empty
   * when the report ends the step. Only a failure of a retryable step retries, never after a
   * cancel. Retries start at once: no back-off exists yet (a later one is a change of behaviour).
   */
  public static Optional<Integer> retry(
      StepState reported, boolean retryable, int attempt, boolean cancelRequested) {
    boolean again =
        reported == StepState.FAILED && retryable && attempt < MAX_ATTEMPTS && !cancelRequested;
    return again ? Optional.of(attempt + 1) : Optional.empty();
  }

  /**
   * How a step that fanned out over targets (component.install on each resource) ended; empty while
   * a target still runs. All succeeded (or skipped): it succeeded; any failed: it failed; otherwise
   * a target was canceled and so is the step.
   */
  public static Optional<StepState> fanOutEnded(List<StepState> targets) {
    if (targets.stream().anyMatch(t -> !t.isTerminal())) return Optional.empty();
    if (targets.stream().allMatch(StepState::isSuccessful)) return Optional.of(StepState.SUCCEEDED);
    if (targets.contains(StepState.FAILED)) return Optional.of(StepState.FAILED);
    return Optional.of(StepState.CANCELED);
  }
}
