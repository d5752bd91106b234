package io.shiplock.server.engine;

import java.util.List;
import java.util.Map;

/**
 * What an agent receives for one step: everything resolved, so the agent needs no access to
 * configuration or other properties. {@code mask} lists the secure values the step uses, which the
 * agent removes from the output before upload. {@code dispatchedAtMicros} (server clock) lets
 * agents and benchmarks see how long work took to arrive. {@code version}, when set, is the version
 * whose files the step may use.
 */
public record StepPayload(
    long stepId,
    int attempt,
    long requestId,
    String name,
    String type,
    Map<String, Object> with,
    String postProcessing,
    Long timeoutSeconds,
    List<String> mask,
    long dispatchedAtMicros,
    Version version) {
  /**
   * The version the step works on, whose files the agent places in {@code versions/COMPONENT} of
   * the run's directory before the step starts.
   */
  public record Version(long id, String component, String name) {}
}
