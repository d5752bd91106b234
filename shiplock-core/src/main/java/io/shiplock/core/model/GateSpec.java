package io.shiplock.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A gate over version statuses and the statuses of the snapshot a request deploys: an OR of AND
 * clauses, each with NOT terms. Pure.
 */
public record GateSpec(List<GateClause> anyOf) {
  public GateSpec {
    anyOf = List.copyOf(anyOf);
  }

  /** Whether a version with these statuses may enter, deployed outside any snapshot. */
  public boolean admits(Set<String> statuses) {
    return refusal(statuses).isEmpty();
  }

  /** Empty when the version may enter (deployed outside any snapshot); otherwise why not. */
  public Optional<String> refusal(Set<String> statuses) {
    return refusal(statuses, null);
  }

  /**
   * Empty when a version with these statuses, deployed in {@code snapshot} (null when the request
   * names versions), may enter; otherwise why not, naming the statuses.
   */
  public Optional<String> refusal(Set<String> statuses, GateSnapshot snapshot) {
    List<String> why = anyOf.stream().map(c -> c.refusal(statuses, snapshot)).toList();
    if (why.stream().anyMatch(Objects::isNull)) return Optional.empty();
    return Optional.of(String.join(" or ", why));
  }

  /** The version statuses the gate names. */
  public Set<String> statusNames() {
    return anyOf.stream()
        .flatMap(c -> Stream.concat(c.allOf().stream(), c.noneOf().stream()))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
