package io.shiplock.core.engine;

import static io.shiplock.core.engine.StepState.FAILED;
import static io.shiplock.core.engine.StepState.RUNNING;
import static io.shiplock.core.engine.StepState.SKIPPED;
import static io.shiplock.core.engine.StepState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.Planner;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.steps.StepCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphDeciderTest {
  private static ProcessSpec process(String steps) {
    String yaml = "kind: Component\nname: C\nprocesses:\n  - name: p\n    steps:\n" + steps;
    var objects =
        new Planner(StepCatalog.discover())
            .plan(List.of(new SourceFile("t.yaml", yaml)), List.of(), false)
            .toSave();
    return ((ComponentSpec) objects.get(0)).processes().get(0);
  }

  private static final ProcessSpec SEQUENCE =
      process(
          """
                - {name: a, type: shell, with: {script: a}}
                - {name: b, type: shell, with: {script: b}}
                - {name: c, type: shell, with: {script: c}}
          """);

  private static final ProcessSpec GRAPH =
      process(
          """
                - {name: start, type: shell, with: {script: s}, onSuccess: [left, right], onFailure: [cleanup]}
                - {name: left, type: shell, with: {script: l}, onSuccess: [join]}
                - {name: right, type: shell, with: {script: r}, onSuccess: [join], onFailure: [join]}
                - {name: join, type: join}
                - {name: cleanup, type: shell, with: {script: c}}
          """);

  private final Map<String, StepState> states = new HashMap<>();

  private Decision decide() {
    return GraphDecider.decide(GRAPH, states, false);
  }

  @Test
  void aSequenceRunsInListOrderAndStopsAtTheFirstFailure() {
    Map<String, StepState> s = new HashMap<>();
    assertThat(GraphDecider.decide(SEQUENCE, s, false).start()).containsExactly("a");
    s.put("a", SUCCEEDED);
    assertThat(GraphDecider.decide(SEQUENCE, s, false).start()).containsExactly("b");
    s.put("b", FAILED);
    Decision d = GraphDecider.decide(SEQUENCE, s, false);
    assertThat(d.start()).isEmpty();
    assertThat(d.outcome()).contains(Outcome.FAILED);
    assertThat(d.notRun()).containsExactly("c");
  }

  @Test
  void successBranchesRunInParallelAndTheJoinWaitsForBoth() {
    assertThat(decide().start()).containsExactly("start");
    states.put("start", SUCCEEDED);
    assertThat(decide().start()).containsExactly("left", "right");
    states.put("left", SUCCEEDED);
    states.put("right", RUNNING);
    assertThat(decide().start()).as("join waits for right").isEmpty();
    assertThat(decide().outcome()).isEmpty();
    states.put("right", FAILED);
    assertThat(decide().start()).containsExactly("join");
    states.put("join", SUCCEEDED);
    Decision end = decide();
    assertThat(end.outcome())
        .as("right's failure is handled by its edge")
        .contains(Outcome.SUCCEEDED);
    assertThat(end.notRun()).containsExactly("cleanup");
  }

  @Test
  void aFailureEdgeHandlesTheFailure() {
    decide();
    states.put("start", FAILED);
    assertThat(decide().start()).containsExactly("cleanup");
    states.put("cleanup", SUCCEEDED);
    assertThat(decide().outcome()).contains(Outcome.SUCCEEDED);
  }

  @Test
  void anUnhandledFailureStartsNothingNewAndFailsOnceRunningStepsEnd() {
    states.put("start", SUCCEEDED);
    states.put("left", FAILED);
    states.put("right", RUNNING);
    assertThat(decide().start()).isEmpty();
    assertThat(decide().outcome()).isEmpty();
    states.put("right", SUCCEEDED);
    Decision d = decide();
    assertThat(d.start()).as("the join does not start after an unhandled failure").isEmpty();
    assertThat(d.outcome()).contains(Outcome.FAILED);
  }

  @Test
  void aSkippedStepCountsAsSuccess() {
    Map<String, StepState> s = new HashMap<>(Map.of("a", SKIPPED));
    assertThat(GraphDecider.decide(SEQUENCE, s, false).start()).containsExactly("b");
  }

  @Test
  void cancellingStartsNothingAndEndsCanceledOnceIdle() {
    states.put("start", RUNNING);
    Decision d = GraphDecider.decide(GRAPH, states, true);
    assertThat(d.start()).isEmpty();
    assertThat(d.outcome()).isEmpty();
    states.put("start", StepState.CANCELED);
    assertThat(GraphDecider.decide(GRAPH, states, true).outcome())
        .isEqualTo(Optional.of(Outcome.CANCELED));
  }

  @Test
  void transitionsAreExplicit() {
    assertThat(StepState.PENDING.canMoveTo(StepState.DISPATCHED)).isTrue();
    assertThat(StepState.SUCCEEDED.canMoveTo(StepState.FAILED)).isFalse();
    assertThat(StepState.DISPATCHED.canMoveTo(StepState.WAITING)).isFalse();
    assertThat(StepState.RUNNING.canMoveTo(StepState.SUCCEEDED)).isTrue();
  }

  @Test
  void aJoinBehindAVeryLongChainIsDecidedWithoutOverflowingTheStack() {
    // A join asks whether any of its sources can still run, searching back along the chain; that
    // search recursed once per step.
    int n = 20_000;
    StringBuilder steps = new StringBuilder();
    steps.append("      - {name: s0, type: shell, with: {script: x}, onSuccess: [s1, j]}\n");
    for (int i = 1; i < n; i++)
      steps
          .append("      - {name: s")
          .append(i)
          .append(", type: shell, with: {script: x}")
          .append(i + 1 < n ? ", onSuccess: [s" + (i + 1) + "]" : ", onSuccess: [j]")
          .append("}\n");
    steps.append("      - {name: j, type: join}\n");
    ProcessSpec chain = process(steps.toString());
    Map<String, StepState> s = new HashMap<>();
    s.put("s0", SUCCEEDED);
    assertThat(GraphDecider.decide(chain, s, false).start()).containsExactly("s1");
  }

  private static final ProcessSpec SWITCH =
      process(
          """
                - {name: pick, type: switch, with: {value: "${p:tier}"}, onValue: {gold: [fast], silver: [slow]}}
                - {name: fast, type: shell, with: {script: f}, onSuccess: [after-fast]}
                - {name: after-fast, type: shell, with: {script: a}, onSuccess: [done]}
                - {name: slow, type: shell, with: {script: s}, onSuccess: [done]}
                - {name: done, type: join}
          """);

  @Test
  void aSwitchFollowsOnlyTheEdgesOfTheValueItChoseAndTheJoinDoesNotWaitForTheOthers() {
    Map<String, StepState> s = new HashMap<>();
    assertThat(GraphDecider.decide(SWITCH, s, Map.of(), false).start()).containsExactly("pick");
    s.put("pick", SUCCEEDED);
    Map<String, String> chosen = Map.of("pick", "gold");
    assertThat(GraphDecider.decide(SWITCH, s, chosen, false).start()).containsExactly("fast");
    s.put("fast", SUCCEEDED);
    assertThat(GraphDecider.decide(SWITCH, s, chosen, false).start()).containsExactly("after-fast");
    s.put("after-fast", SUCCEEDED);
    // slow can never run: its only edge is silver's, so the join goes on without it.
    assertThat(GraphDecider.decide(SWITCH, s, chosen, false).start()).containsExactly("done");
    s.put("done", SUCCEEDED);
    Decision end = GraphDecider.decide(SWITCH, s, chosen, false);
    assertThat(end.outcome()).contains(Outcome.SUCCEEDED);
    assertThat(end.notRun()).containsExactly("slow");
  }

  @Test
  void aValueNoEdgeNamesEndsTheBranchAndAFailedSwitchFollowsNoValueEdge() {
    Map<String, StepState> s = new HashMap<>(Map.of("pick", SUCCEEDED));
    Decision none = GraphDecider.decide(SWITCH, s, Map.of("pick", "bronze"), false);
    assertThat(none.start()).isEmpty();
    assertThat(none.outcome()).contains(Outcome.SUCCEEDED);
    s.put("pick", FAILED);
    Decision failed = GraphDecider.decide(SWITCH, s, Map.of("pick", "gold"), false);
    assertThat(failed.start()).isEmpty();
    assertThat(failed.outcome()).contains(Outcome.FAILED);
  }
}
