package io.shiplock.core.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One node of a process's step graph. Parameters ({@code with}) are strings, integers, booleans,
 * lists or maps of strings, as the step type declares. When no step of the process declares an
 * edge, the steps run in list order; otherwise only declared edges are followed. {@code onValue} (a
 * {@code switch} step's, UCD's VALUE edges) leads, by the value the step chose, to steps.
 */
public record StepSpec(
    String name,
    String type,
    Map<String, Object> with,
    String precondition,
    Duration timeout,
    String postProcessing,
    boolean retryable,
    List<String> onSuccess,
    List<String> onFailure,
    List<String> always,
    Map<String, List<String>> onValue) {
  public StepSpec {
    with = Maps.sorted(with);
    onSuccess = onSuccess == null ? List.of() : List.copyOf(onSuccess);
    onFailure = onFailure == null ? List.of() : List.copyOf(onFailure);
    always = always == null ? List.of() : List.copyOf(always);
    Map<String, List<String>> values = new TreeMap<>();
    if (onValue != null) onValue.forEach((k, v) -> values.put(k, List.copyOf(v)));
    onValue = Collections.unmodifiableMap(values);
  }

  /** A step without VALUE edges (every step but a switch). */
  public StepSpec(
      String name,
      String type,
      Map<String, Object> with,
      String precondition,
      Duration timeout,
      String postProcessing,
      boolean retryable,
      List<String> onSuccess,
      List<String> onFailure,
      List<String> always) {
    this(
        name,
        type,
        with,
        precondition,
        timeout,
        postProcessing,
        retryable,
        onSuccess,
        onFailure,
        always,
        Map.of());
  }

  public boolean hasExplicitEdges() {
    return !onSuccess.isEmpty() || !onFailure.isEmpty() || !always.isEmpty() || !onValue.isEmpty();
  }
}
