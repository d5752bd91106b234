package io.shiplock.core.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.compare.EnvironmentState.Deployed;
import io.shiplock.core.compare.EnvironmentState.Shown;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static EnvironmentState state(
      String env, String snapshot, Map<String, Deployed> components, Map<String, Shown> props) {
    return new EnvironmentState(env, snapshot, components, props);
  }

  @Test
  void marksEachDifferenceAndCountsThem() {
    EnvironmentState qa =
        state(
            "QA",
            "s2",
            Map.of(
                "Web", new Deployed(List.of("1.1"), List.of("Running")),
                "Db", new Deployed(List.of("3.0"), List.of("Running"))),
            Map.of(
                "slot", new Shown("qa", false),
                "port", new Shown("8080", false),
                "Db/password", new Shown(null, true),
                "onlyQa", new Shown("x", false)));
    EnvironmentState prod =
        state(
            "Production",
            "s1",
            Map.of(
                "Web", new Deployed(List.of("1.0"), List.of("Running")),
                "Db", new Deployed(List.of("3.0"), List.of("Running", "Hosted"))),
            Map.of(
                "slot", new Shown("production", false),
                "port", new Shown("8080", false),
                "Db/password", new Shown(null, true)));
    Comparison c = Comparison.of("App", qa, prod);
    assertThat(c.snapshot().differs()).isTrue();
    assertThat(c.components())
        .extracting(r -> r.component() + ":" + r.versionsDiffer() + "/" + r.statusesDiffer())
        .containsExactlyInAnyOrder("Web:true/false", "Db:false/true");
    assertThat(c.properties())
        .extracting(p -> p.name() + ":" + p.differs())
        .containsExactly("Db/password:false", "onlyQa:true", "port:false", "slot:true");
    assertThat(c.properties().get(1).right()).as("absent on the right").isNull();
    assertThat(c.differences())
        .as("snapshot, Web's versions, Db's statuses, two properties")
        .isEqualTo(5);
    Comparison both =
        Comparison.of(
            "App",
            state("A", null, Map.of("Web", new Deployed(List.of("1"), List.of())), Map.of()),
            state(
                "B",
                null,
                Map.of("Web", new Deployed(List.of("2"), List.of("Running"))),
                Map.of()));
    assertThat(both.differences())
        .as("a component's versions and statuses are two rows")
        .isEqualTo(2);
  }

  @Test
  void secretsAreComparedByPresenceOnlyAndAComponentDeployedOnOneSideDiffers() {
    EnvironmentState a =
        state(
            "A",
            null,
            Map.of("Web", new Deployed(List.of(), List.of())),
            Map.of("k", new Shown(null, true)));
    EnvironmentState b =
        state(
            "B",
            null,
            Map.of("Web", new Deployed(List.of("2.0"), List.of())),
            Map.of("k", new Shown("plain", false)));
    Comparison c = Comparison.of("App", a, b);
    assertThat(c.snapshot().differs()).as("neither runs a snapshot").isFalse();
    assertThat(c.components().get(0).versionsDiffer()).isTrue();
    assertThat(c.properties().get(0).differs()).as("secure on one side only").isTrue();
    assertThat(Comparison.of("App", a, a).differences()).isZero();
  }
}
