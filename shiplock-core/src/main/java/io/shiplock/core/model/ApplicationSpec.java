package io.shiplock.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An application: its components and the application processes that string them together. */
public record ApplicationSpec(
    String name,
    String description,
    List<String> components,
    Map<String, PropertyValue> properties,
    List<ProcessSpec> processes)
    implements ConfigObject {
  public ApplicationSpec {
    components = List.copyOf(components);
    properties = Maps.sorted(properties);
    processes = List.copyOf(processes);
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.APPLICATION, name);
  }

  public Optional<ProcessSpec> process(String name) {
    return processes.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
