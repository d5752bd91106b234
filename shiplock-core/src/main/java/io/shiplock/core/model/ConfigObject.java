package io.shiplock.core.model;

/** One object of configuration as code. */
public sealed interface ConfigObject
    permits StatusSpec, AgentSpec, ComponentSpec, ApplicationSpec, EnvironmentSpec {
  ObjectKey key();

  default String name() {
    return key().name();
  }
}
