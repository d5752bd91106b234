package io.shiplock.core.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A gate over version statuses: an OR of AND clauses, each with NOT terms. Pure. */
public record GateSpec(List<GateClause> anyOf) {
  public GateSpec {
    anyOf = List.copyOf(anyOf);
  }

  public boolean admits(Set<String> statuses) {
    return anyOf.stream().anyMatch(c -> c.admits(statuses));
  }

  /** Empty when the version may enter; otherwise why not, naming the statuses. */
  public Optional<String> refusal(Set<String> statuses) {
    if (admits(statuses)) return Optional.empty();
    return Optional.of(
        anyOf.stream().map(c -> c.refusal(statuses)).collect(Collectors.joining(" or ")));
  }

  public Set<String> statusNames() {
    return anyOf.stream()
        .flatMap(c -> Stream.concat(c.allOf().stream(), c.noneOf().stream()))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
