package io.shiplock.core.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent receives for one step: everything resolved, so the agent needs no access to
 * configuration or other properties. {@code mask} lists the secure values the step uses, which the
 * agent removes from the output before upload. {@code dispatchedAtMicros} (server clock) lets
 * agents and benchmarks see how long work took to arrive. {@code version}, when set, is the version
 * whose files the step may use.
 *
 * <p>The JSON field names are the component names: work items stored in the queue by earlier
 * versions must still open, so a component is never renamed. The server writes the record with
 * Jackson; both sides read it through {@link #fromMap}, which refuses a missing or ill-typed field
 * by name instead of running the step with a default. {@code mask} is required even when empty: a
 * work item that lost it must not run with its secrets unmasked.
 */
public record WorkItem(
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
  public WorkItem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    // Resolved parameters may hold nulls, which Map.copyOf refuses; the order is kept for the JSON.
    with = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(with, "with")));
    mask = mask == null ? List.of() : List.copyOf(mask);
  }

  /**
   * The version the step works on, whose files the agent places in {@code versions/COMPONENT} of
   * the run's directory before the step starts.
   */
  public record Version(long id, String component, String name) {
    public Version {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(name, "name");
    }
  }

  /** The same work for another attempt, dispatched at another time. */
  public WorkItem nextAttempt(int attempt, long dispatchedAtMicros) {
    return new WorkItem(
        stepId,
        attempt,
        requestId,
        name,
        type,
        with,
        postProcessing,
        timeoutSeconds,
        mask,
        dispatchedAtMicros,
        version);
  }

  /**
   * Reads a work item from its parsed JSON (maps, lists, strings, numbers, booleans).
   *
   * @throws IllegalArgumentException naming the field that is missing or of the wrong type
   */
  public static WorkItem fromMap(Map<?, ?> json) {
    WireFields f = new WireFields("work item", json);
    Map<?, ?> version = f.optionalObject("version");
    return new WorkItem(
        f.whole("stepId"),
        f.integer("attempt"),
        f.whole("requestId"),
        f.text("name"),
        f.text("type"),
        f.object("with"),
        f.optionalText("postProcessing"),
        f.optionalWhole("timeoutSeconds"),
        f.texts("mask"),
        f.whole("dispatchedAtMicros"),
        version == null ? null : versionFromMap(new WireFields("work item version", version)));
  }

  private static Version versionFromMap(WireFields f) {
    return new Version(f.whole("id"), f.text("component"), f.text("name"));
  }
}
