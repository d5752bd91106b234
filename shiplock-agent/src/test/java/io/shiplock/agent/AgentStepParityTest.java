package io.shiplock.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.steps.StepCatalog;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every step type core declares for agents has exactly one implementation on the agent (a second
 * registration fails at start), and the agent runs nothing configuration could not name.
 */
class AgentStepParityTest {
  @Test
  void everyDeclaredAgentStepIsImplementedAndNothingElse() {
    var declared =
        StepCatalog.discover().all().stream()
            .filter(t -> t.placement() == Placement.AGENT)
            .map(StepType::name)
            .collect(Collectors.toSet());
    assertThat(new AgentSteps().types()).containsExactlyInAnyOrderElementsOf(declared);
  }
}
