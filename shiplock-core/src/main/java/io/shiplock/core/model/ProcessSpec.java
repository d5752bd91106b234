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
   * True when no step declares an edge: the steps then run one after the other in list order, each
   * on the success of the one before. As soon as one step declares an edge, only declared edges
   * count and a step without outgoing edges ends its branch.
   */
  public boolean isSequence() {
    return steps.stream().noneMatch(StepSpec::hasExplicitEdges);
  }

  /** For each step, the names of the steps it may lead to. */
  public Map<String, List<String>> successors() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    boolean sequence = isSequence();
    for (int i = 0; i < steps.size(); i++) {
      StepSpec s = steps.get(i);
      List<String> next = new ArrayList<>();
      if (sequence) {
        if (i + 1 < steps.size()) next.add(steps.get(i + 1).name());
      } else {
        next.addAll(s.onSuccess());
        next.addAll(s.onFailure());
        next.addAll(s.always());
        s.onValue().values().forEach(next::addAll);
      }
      out.put(s.name(), next);
    }
    return out;
  }
}
