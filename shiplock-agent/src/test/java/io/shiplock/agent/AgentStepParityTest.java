package io.shiplock.agent;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.api.AgentStep;
import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.steps.StepCatalog;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every step type core declares for agents has exactly one implementation on the agent (a second
 * registration fails at start), and the agent runs nothing configuration could not name: each
 * implementation returns the catalog's own declaration, not one with the same name.
 */
class AgentStepParityTest {
  private static final StepCatalog CATALOG = StepCatalog.discover();

  private static List<StepType> declared() {
    return CATALOG.all().stream().filter(t -> t.placement() == Placement.AGENT).toList();
  }

  @Test
  void everyDeclaredAgentStepIsImplementedAndNothingElse() {
    var declared = declared().stream().map(StepType::name).collect(Collectors.toSet());
    assertThat(new AgentSteps().types()).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void everyDeclaredAgentTypeHasExactlyOneImplementation() {
    Map<String, Long> implementations =
        AgentSteps.discovered().stream()
            .collect(groupingBy(s -> s.declaration().name(), counting()));
    for (StepType t : declared()) {
      assertThat(implementations.get(t.name())).as(t.name()).isEqualTo(1L);
    }
  }

  @Test
  void noImplementationIsUndeclared() {
    for (AgentStep s : AgentSteps.discovered()) {
      assertThat(CATALOG.find(s.declaration().name()))
          .as(s.getClass().getName())
          .containsSame(s.declaration());
    }
  }

  @Test
  void aTypeImplementedTwiceOrForAnotherPlacementFailsAtStart() {
    assertThatThrownBy(() -> new AgentSteps(List.of(new ShellStep(), new ShellStep())))
        .hasMessage("agent step type registered twice: shell");
    AgentStep serverSide =
        new AgentStep() {
          @Override
          public StepType declaration() {
            return ServerStepTypes.WAIT;
          }

          @Override
          public int run(Context ctx) {
            return 0;
          }
        };
    assertThatThrownBy(() -> new AgentSteps(List.of(serverSide)))
        .hasMessage("agent step 'wait' is declared for placement SERVER");
  }
}
