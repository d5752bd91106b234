package io.shiplock.core.model;

import java.util.List;
import java.util.Set;

/** One AND term of a gate: every status of {@code allOf} present, none of {@code noneOf}. */
public record GateClause(List<String> allOf, List<String> noneOf) {
  public GateClause {
    allOf = List.copyOf(allOf);
    noneOf = List.copyOf(noneOf);
  }

  public boolean admits(Set<String> statuses) {
    return statuses.containsAll(allOf) && noneOf.stream().noneMatch(statuses::contains);
  }

  /** Why this clause refuses a version with these statuses, or null when it admits it. */
  public String refusal(Set<String> statuses) {
    List<String> missing = allOf.stream().filter(s -> !statuses.contains(s)).toList();
    List<String> forbidden = noneOf.stream().filter(statuses::contains).toList();
    if (missing.isEmpty() && forbidden.isEmpty()) return null;
    StringBuilder sb = new StringBuilder();
    if (!missing.isEmpty()) sb.append("missing status ").append(String.join(", ", missing));
    if (!forbidden.isEmpty()) {
      if (!sb.isEmpty()) sb.append("; ");
      sb.append("has forbidden status ").append(String.join(", ", forbidden));
    }
    return sb.toString();
  }
}
