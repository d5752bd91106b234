package io.shiplock.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.AgentStepTypes;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A step type is declared in core (its parameters, checked at apply) and run by the server or an
 * agent; a server step names the declarations it runs. Every declared server type has exactly one
 * implementation here, and no implementation is undeclared (configuration could never name it):
 * each returns the catalog's own declaration, not one with the same name.
 */
class ServerStepParityTest {
  private static final StepCatalog CATALOG = StepCatalog.discover();

  private static List<StepType> declared() {
    return CATALOG.all().stream().filter(t -> t.placement() == Placement.SERVER).toList();
  }

  private static List<StepType> implemented() {
    return ServerSteps.all().stream().flatMap(s -> s.declarations().stream()).toList();
  }

  @Test
  void everyDeclaredServerStepIsImplementedAndNothingElse() {
    var declared = declared().stream().map(StepType::name).collect(Collectors.toSet());
    assertThat(new ServerSteps().types()).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void everyDeclaredServerTypeHasExactlyOneImplementation() {
    for (StepType t : declared()) {
      assertThat(implemented().stream().filter(d -> d.name().equals(t.name())).count())
          .as(t.name())
          .isEqualTo(1);
    }
  }

  @Test
  void noImplementationIsUndeclared() {
    for (StepType d : implemented()) {
      assertThat(CATALOG.find(d.name())).as(d.name()).containsSame(d);
    }
  }

  @Test
  void aTypeImplementedTwiceOrForAnotherPlacementFailsAtStart() {
    assertThatThrownBy(() -> new ServerSteps(List.of(new WaitStep(), new WaitStep())))
        .hasMessage("server step type registered twice: wait");
    ServerStep agentSide =
        new ServerStep() {
          @Override
          public List<StepType> declarations() {
            return List.of(AgentStepTypes.SHELL);
          }

          @Override
          public Result run(
              StepStarter.Ctx c,
              StepRun row,
              StepSpec spec,
              Map<String, Object> with,
              StepRun target) {
            return Result.ok(null, Map.of());
          }
        };
    assertThatThrownBy(() -> new ServerSteps(List.of(agentSide)))
        .hasMessage("server step 'shell' is declared for placement AGENT");
  }
}
