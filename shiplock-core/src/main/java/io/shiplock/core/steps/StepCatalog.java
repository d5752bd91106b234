package io.shiplock.core.steps;

import io.shiplock.api.AgentStep;
import io.shiplock.api.StepType;
import io.shiplock.api.StepTypeProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Step types by name. Two providers declaring one name is a start-up error, never a silent win. */
public final class StepCatalog {
  private final Map<String, StepType> types;

  public StepCatalog(Collection<StepType> types) {
    Map<String, StepType> m = new TreeMap<>();
    for (StepType t : types) {
      if (m.put(t.name(), t) != null) {
        throw new IllegalStateException("step type declared twice: " + t.name());
      }
    }
    this.types = Collections.unmodifiableMap(m);
  }

  /**
   * The built-in types plus every {@link StepTypeProvider} and every {@link AgentStep} plug-in on
   * the class path: a plug-in agent step declares itself, so the server that has its jar accepts
   * configuration that names it.
   */
  public static StepCatalog discover() {
    List<StepType> all = new ArrayList<>(BuiltinStepTypes.ALL);
    for (StepTypeProvider p : ServiceLoader.load(StepTypeProvider.class)) {
      all.addAll(p.stepTypes());
    }
    for (AgentStep s : ServiceLoader.load(AgentStep.class)) {
      all.add(s.declaration());
    }
    return new StepCatalog(all);
  }

  public Optional<StepType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  public Collection<StepType> all() {
    return types.values();
  }

  public Set<String> names() {
    return types.keySet();
  }
}
