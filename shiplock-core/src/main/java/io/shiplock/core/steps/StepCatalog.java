package io.shiplock.core.steps;

import io.shiplock.api.StepType;
import io.shiplock.api.StepTypeProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
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

  /** The built-in types plus every {@link StepTypeProvider} on the class path. */
  public static StepCatalog discover() {
    List<StepType> all = new java.util.ArrayList<>(BuiltinStepTypes.ALL);
    for (StepTypeProvider p : ServiceLoader.load(StepTypeProvider.class)) {
      all.addAll(p.stepTypes());
    }
    return new StepCatalog(all);
  }

  public Optional<StepType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  public Collection<StepType> all() {
    return types.values();
  }

  public java.util.Set<String> names() {
    return types.keySet();
  }
}
