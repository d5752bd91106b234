package io.shiplock.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One AND term of a gate: every status of {@code allOf} present on the version, none of {@code
 * noneOf}, and, when {@code snapshotStatuses} is not empty, the request deploys a snapshot that has
 * every one of them (UCD's snapshot statuses: "only approved snapshots enter production").
 */
public record GateClause(List<String> allOf, List<String> noneOf, List<String> snapshotStatuses) {
  public GateClause {
    allOf = List.copyOf(allOf);
    noneOf = List.copyOf(noneOf);
    snapshotStatuses = List.copyOf(snapshotStatuses);
  }

  /** A clause over version statuses only. */
  public GateClause(List<String> allOf, List<String> noneOf) {
    this(allOf, noneOf, List.of());
  }

  /** Whether a version with these statuses, deployed in {@code snapshot} (or none), may enter. */
  public boolean admits(Set<String> statuses, GateSnapshot snapshot) {
    return refusal(statuses, snapshot) == null;
  }

  /**
   * Why this clause refuses a version with these statuses deployed in {@code snapshot} (null when
   * the request names versions), or null when it admits it.
   */
  public String refusal(Set<String> statuses, GateSnapshot snapshot) {
    List<String> problems = new ArrayList<>();
    List<String> missing = allOf.stream().filter(s -> !statuses.contains(s)).toList();
    List<String> forbidden = noneOf.stream().filter(statuses::contains).toList();
    if (!missing.isEmpty()) problems.add("missing status " + String.join(", ", missing));
    if (!forbidden.isEmpty()) problems.add("has forbidden status " + String.join(", ", forbidden));
    if (!snapshotStatuses.isEmpty()) {
      if (snapshot == null)
        problems.add(
            "the environment takes only snapshots with status "
                + String.join(", ", snapshotStatuses)
                + ", and this request names versions");
      else {
        List<String> lacking =
            snapshotStatuses.stream().filter(s -> !snapshot.statuses().contains(s)).toList();
        if (!lacking.isEmpty())
          problems.add(
              "snapshot '" + snapshot.name() + "' lacks status " + String.join(", ", lacking));
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }
}
