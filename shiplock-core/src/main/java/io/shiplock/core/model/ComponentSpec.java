package io.shiplock.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A deployable unit (a microservice) with its processes and environment property definitions. */
public record ComponentSpec(
    String name,
    String description,
    Map<String, PropertyValue> properties,
    List<EnvPropertyDef> environmentProperties,
    List<ProcessSpec> processes)
    implements ConfigObject {
  public ComponentSpec {
    properties = Maps.sorted(properties);
    environmentProperties = List.copyOf(environmentProperties);
    processes = List.copyOf(processes);
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.COMPONENT, name);
  }

  public Optional<ProcessSpec> process(String name) {
    return processes.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
