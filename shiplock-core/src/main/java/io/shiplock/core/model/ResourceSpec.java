package io.shiplock.core.model;

import java.util.List;

/**
 * A node of an environment's resource tree: a group (neither agent nor component), an agent
 * resource ({@code agent} set) or a component resource ({@code component} set, below an agent).
 */
public record ResourceSpec(
    String name, String agent, String component, List<ResourceSpec> children) {
  public ResourceSpec {
    children = List.copyOf(children);
  }

  public boolean isGroup() {
    return agent == null && component == null;
  }
}
