package io.shiplock.core.engine;

import static io.shiplock.core.engine.StepState.CANCELED;
import static io.shiplock.core.engine.StepState.FAILED;
import static io.shiplock.core.engine.StepState.NOT_RUN;
import static io.shiplock.core.engine.StepState.RUNNING;
import static io.shiplock.core.engine.StepState.SKIPPED;
import static io.shiplock.core.engine.StepState.SUCCEEDED;
import static io.shiplock.core.engine.StepState.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepDecisionsTest {
  @Test
  void onlyAFailureOfARetryableStepRetriesAndOnlyUpToTheLastAttempt() {
    assertThat(StepDecisions.retry(FAILED, true, 1, false)).contains(2);
    assertThat(StepDecisions.retry(FAILED, true, 2, false)).contains(3);
    assertThat(StepDecisions.retry(FAILED, true, StepDecisions.MAX_ATTEMPTS, false)).isEmpty();
    assertThat(StepDecisions.retry(FAILED, false, 1, false)).as("not retryable").isEmpty();
    assertThat(StepDecisions.retry(SUCCEEDED, true, 1, false)).isEmpty();
    assertThat(StepDecisions.retry(CANCELED, true, 1, false)).isEmpty();
    assertThat(StepDecisions.retry(FAILED, true, 1, true)).as("after a cancel").isEmpty();
  }

  @Test
  void aFanOutEndsWhenEveryTargetHasAndTakesTheWorstOutcome() {
    assertThat(StepDecisions.fanOutEnded(List.of(SUCCEEDED, RUNNING))).isEmpty();
    assertThat(StepDecisions.fanOutEnded(List.of(WAITING))).isEmpty();
    assertThat(StepDecisions.fanOutEnded(List.of(SUCCEEDED, SKIPPED))).contains(SUCCEEDED);
    assertThat(StepDecisions.fanOutEnded(List.of())).as("no target").contains(SUCCEEDED);
    assertThat(StepDecisions.fanOutEnded(List.of(SUCCEEDED, FAILED, CANCELED))).contains(FAILED);
    assertThat(StepDecisions.fanOutEnded(List.of(SUCCEEDED, CANCELED))).contains(CANCELED);
    assertThat(StepDecisions.fanOutEnded(List.of(NOT_RUN))).contains(CANCELED);
  }
}
