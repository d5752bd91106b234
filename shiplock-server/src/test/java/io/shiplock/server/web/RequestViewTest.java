package io.shiplock.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestViewTest {
  private static StepRun row(long id, Long parent, NodeKind node, StepState state) {
    return new StepRun(
        id, 1, parent, node, 0, "s" + id, "t", state, 1, null, null, null, null, null, null, null,
        null, Map.of(), null);
  }

  @Test
  void aGroupWaitingForItsChildrenIsShownRunningAndATimerWaitStaysWaiting() {
    var install =
        row(1, null, NodeKind.STEP, StepState.WAITING); // component.install: waits for targets
    var target =
        row(2, 1L, NodeKind.TARGET, StepState.WAITING); // component process: waits for steps
    var timer = row(3, 2L, NodeKind.STEP, StepState.WAITING); // a wait step: no children
    var done = row(4, null, NodeKind.STEP, StepState.SUCCEEDED);
    assertThat(RequestView.shownStates(List.of(install, target, timer, done)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(1L, "RUNNING", 2L, "RUNNING", 3L, "WAITING", 4L, "SUCCEEDED"));
  }
}
