package io.shiplock.agent;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The step types this agent can run: built-in ones and those found by ServiceLoader. */
final class AgentSteps {
  private final Map<String, AgentStep> byType = new HashMap<>();

  AgentSteps() {
    register(new ShellStep());
    io.shiplock.agent.docker.DockerSteps.all().forEach(this::register);
    ServiceLoader.load(AgentStep.class).forEach(this::register);
  }

  private void register(AgentStep s) {
    if (byType.put(s.type(), s) != null)
      throw new IllegalStateException("agent step type registered twice: " + s.type());
  }

  /** The types this agent runs. */
  java.util.Set<String> types() {
    return java.util.Set.copyOf(byType.keySet());
  }

  Optional<AgentStep> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }
}
