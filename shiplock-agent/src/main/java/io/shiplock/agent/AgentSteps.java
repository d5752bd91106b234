package io.shiplock.agent;

import io.shiplock.agent.docker.DockerSteps;
import io.shiplock.agent.files.FileSteps;
import io.shiplock.agent.http.HttpCheckStep;
import io.shiplock.agent.http.VerifyStep;
import io.shiplock.api.AgentStep;
import io.shiplock.api.Placement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The step types this agent can run, by the name of their declaration: built-in ones and those
 * found by ServiceLoader. A name registered twice, or a step declared for another placement, is a
 * start-up error rather than a silent win.
 */
final class AgentSteps {
  private final Map<String, AgentStep> byType = new HashMap<>();

  AgentSteps() {
    this(discovered());
  }

  AgentSteps(List<AgentStep> steps) {
    steps.forEach(this::register);
  }

  /** Every implementation on this agent, before any check: what the parity test counts. */
  static List<AgentStep> discovered() {
    List<AgentStep> all = new ArrayList<>();
    all.add(new ShellStep());
    all.addAll(DockerSteps.all());
    all.addAll(FileSteps.all());
    all.add(new HttpCheckStep());
    all.add(new VerifyStep());
    ServiceLoader.load(AgentStep.class).forEach(all::add);
    return all;
  }

  private void register(AgentStep s) {
    String type = s.declaration().name();
    if (s.declaration().placement() != Placement.AGENT)
      throw new IllegalStateException(
          "agent step '" + type + "' is declared for placement " + s.declaration().placement());
    if (byType.put(type, s) != null)
      throw new IllegalStateException("agent step type registered twice: " + type);
  }

  /** The types this agent runs. */
  Set<String> types() {
    return Set.copyOf(byType.keySet());
  }

  Collection<AgentStep> all() {
    return List.copyOf(byType.values());
  }

  Optional<AgentStep> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }
}
