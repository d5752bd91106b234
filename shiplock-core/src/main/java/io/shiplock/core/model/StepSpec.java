package io.shiplock.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a process's step graph. Parameters ({@code with}) are strings, integers, booleans,
 * lists or maps of strings, as the step type declares. When no step of the process declares an
 * edge, the steps run in list order; otherwise only declared edges are followed.
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
    List<String> always) {
  public StepSpec {
    with = Maps.sorted(with);
    onSuccess = onSuccess == null ? List.of() : List.copyOf(onSuccess);
    onFailure = onFailure == null ? List.of() : List.copyOf(onFailure);
    always = always == null ? List.of() : List.copyOf(always);
  }

  public boolean hasExplicitEdges() {
    return !onSuccess.isEmpty() || !onFailure.isEmpty() || !always.isEmpty();
  }
}
