package io.shiplock.agent.docker;

import io.shiplock.api.AgentStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code docker.*} and {@code swarm.service.*} step types, driven through the Docker Engine
 * API.
 */
public final class DockerSteps {
  private DockerSteps() {}

  public static List<AgentStep> all() {
    List<AgentStep> all = new ArrayList<>(ImageSteps.all());
    all.addAll(ContainerSteps.all());
    all.addAll(RegistrySteps.all());
    all.addAll(SwarmSteps.all());
    return all;
  }
}
