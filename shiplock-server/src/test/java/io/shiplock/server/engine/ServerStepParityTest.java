package io.shiplock.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.api.Placement;
import io.shiplock.api.StepType;
import io.shiplock.core.steps.StepCatalog;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A step type is declared in core (its parameters, checked at apply) and run by the server or an
 * agent, matched by name: every declared server type has exactly one implementation here, and no
 * implementation is undeclared (configuration could never name it).
 */
class ServerStepParityTest {
  @Test
  void everyDeclaredServerStepIsImplementedAndNothingElse() {
    var declared =
        StepCatalog.discover().all().stream()
            .filter(t -> t.placement() == Placement.SERVER)
            .map(StepType::name)
            .collect(Collectors.toSet());
    assertThat(new ServerSteps().types()).containsExactlyInAnyOrderElementsOf(declared);
  }
}
