package io.shiplock.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An environment of an application, ordered left to right in the pipeline by {@code order}. {@code
 * componentProperties} holds the values of component-environment properties: component name to
 * property name to value. {@code concurrency} is how many of its requests may run at once (0: no
 * limit); the others queue in the order they were made.
 */
public record EnvironmentSpec(
    String application,
    String name,
    int order,
    String description,
    Map<String, PropertyValue> properties,
    Map<String, Map<String, PropertyValue>> componentProperties,
    GateSpec gate,
    ApprovalSpec approval,
    List<ResourceSpec> resources,
    int concurrency)
    implements ConfigObject {
  public EnvironmentSpec {
    if (concurrency < 0)
      throw new IllegalArgumentException("concurrency must be 0 (no limit) or more");
    properties = Maps.sorted(properties);
    TreeMap<String, Map<String, PropertyValue>> cp = new TreeMap<>();
    if (componentProperties != null)
      componentProperties.forEach((k, v) -> cp.put(k, Maps.sorted(v)));
    componentProperties = Collections.unmodifiableMap(cp);
    resources = List.copyOf(resources);
  }

  @Override
  public ObjectKey key() {
    return new ObjectKey(Kind.ENVIRONMENT, application, name);
  }
}
