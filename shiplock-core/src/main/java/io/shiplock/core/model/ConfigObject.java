package io.shiplock.core.model;

/** One object of configuration as code. */
public sealed interface ConfigObject
    permits StatusSpec,
        AgentSpec,
        ComponentSpec,
        ApplicationSpec,
        EnvironmentSpec,
        RoleSpec,
        TeamSpec,
        SourceSpec,
        TriggerSpec,
        ScheduleSpec,
        BlackoutSpec {
  ObjectKey key();

  default String name() {
    return key().name();
  }
}
