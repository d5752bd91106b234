package io.shiplock.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateSpecTest {
  private final GateSpec gate =
      new GateSpec(
          List.of(
              new GateClause(List.of("Passed"), List.of("Broken")),
              new GateClause(List.of("Waived"), List.of())));

  @Test
  void admitsWhenAnyClauseHolds() {
    assertThat(gate.admits(Set.of("Passed"))).isTrue();
    assertThat(gate.admits(Set.of("Waived", "Broken"))).isTrue();
    assertThat(gate.refusal(Set.of("Passed"))).isEmpty();
  }

  @Test
  void refusalNamesMissingAndForbiddenStatuses() {
    assertThat(gate.admits(Set.of("Passed", "Broken"))).isFalse();
    assertThat(gate.refusal(Set.of("Passed", "Broken")))
        .contains("has forbidden status Broken or missing status Waived");
    assertThat(gate.refusal(Set.of())).contains("missing status Passed or missing status Waived");
  }

  @Test
  void listsTheStatusesItMentions() {
    assertThat(gate.statusNames()).containsExactly("Broken", "Passed", "Waived");
  }

  @Test
  void aSnapshotClauseAdmitsOnlyASnapshotWithItsStatuses() {
    GateSpec approved =
        new GateSpec(List.of(new GateClause(List.of("Passed"), List.of(), List.of("Approved"))));
    assertThat(approved.refusal(Set.of("Passed"), new GateSnapshot("rel-1", Set.of("Approved"))))
        .isEmpty();
    assertThat(approved.refusal(Set.of("Passed"), new GateSnapshot("rel-1", Set.of())))
        .contains("snapshot 'rel-1' lacks status Approved");
    assertThat(approved.refusal(Set.of()))
        .contains(
            "missing status Passed; the environment takes only snapshots with status Approved,"
                + " and this request names versions");
  }
}
