package io.shiplock.core.engine;

import io.shiplock.core.model.PropertyValue;
import java.util.List;
import java.util.Map;

/**
 * Everything a step's {@code ${p:…}} references can see: properties by scope, built-in values
 * ({@code version.name}, {@code component.name}, …) and the outputs of earlier steps of the same
 * process by step name. Secure values are given in clear here; the resolver reports which ones it
 * used so that they can be masked.
 */
public record PropertyContext(
    Map<String, Map<String, PropertyValue>> scopes,
    Map<String, String> builtins,
    Map<String, Map<String, String>> stepOutputs) {

  /**
   * Order in which an unqualified {@code ${p:name}} is looked up; the first scope that has it wins.
   * UrbanCode Deploy's documented order ("Property contexts", "Referring to properties"): process
   * (here the request's properties), component version, resource, agent, environment, component,
   * application, system. A component-environment value belongs to UCD's environment context, where
   * the environment's own property overrides it, so it comes right after the environment.
   */
  public static final List<String> PRECEDENCE =
      List.of(
          "request",
          "version",
          "resource",
          "agent",
          "environment",
          "componentEnvironment",
          "component",
          "application",
          "system");

  public PropertyContext {
    scopes = Map.copyOf(scopes);
    builtins = Map.copyOf(builtins);
    stepOutputs = Map.copyOf(stepOutputs);
  }
}
