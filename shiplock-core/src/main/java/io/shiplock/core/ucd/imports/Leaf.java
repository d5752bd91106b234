package io.shiplock.core.ucd.imports;

import java.util.Map;

/**
 * A UCD activity mapped to one Shiplock step: its type and parameters, and what every UCD step
 * carries (precondition script, post-processing script, "ignore failure"). {@code end} marks UCD's
 * FINISH (a join here), where a branch that ignores its failure leads.
 */
record Leaf(
    String type,
    Map<String, Object> with,
    String precondition,
    String postProcessing,
    boolean allowFailure,
    boolean end) {
  Leaf {
    with = Map.copyOf(with);
  }

  Leaf(
      String type,
      Map<String, Object> with,
      String precondition,
      String postProcessing,
      boolean allowFailure) {
    this(type, with, precondition, postProcessing, allowFailure, false);
  }

  /** UCD's FINISH: a join, known as the end of the graph. */
  static Leaf finish() {
    return new Leaf("join", Map.of(), null, null, false, true);
  }
}
