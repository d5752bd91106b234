package io.shiplock.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A component or application process: a graph of steps. */
public record ProcessSpec(String name, String description, List<StepSpec> steps) {
  public ProcessSpec {
    steps = List.copyOf(steps);
  }

  public Optional<StepSpec> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * The graph's edges, with the implicit "success leads to the next step in the list" made
   * explicit: for each step, the names of the steps it may lead to.
   */
  public Map<String, List<String>> successors() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      StepSpec s = steps.get(i);
      List<String> next = new ArrayList<>();
      if (s.hasExplicitEdges()) {
        next.addAll(s.onSuccess());
        next.addAll(s.onFailure());
        next.addAll(s.always());
      } else if (i + 1 < steps.size()) {
        next.add(steps.get(i + 1).name());
      }
      out.put(s.name(), next);
    }
    return out;
  }
}
