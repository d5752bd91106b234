package io.shiplock.core.model;

import java.util.Map;

/** An agent's identity; registration and heartbeats come with the engine. */
public record AgentSpec(String name, String description, Map<String, PropertyValue> properties)
    implements ConfigObject {
  public AgentSpec {
    properties = Maps.sorted(properties);
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.AGENT, name);
  }
}
