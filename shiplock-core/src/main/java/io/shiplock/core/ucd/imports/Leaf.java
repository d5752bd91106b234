package io.shiplock.core.ucd.imports;

import java.util.Map;

/**
 * A UCD activity mapped to one Shiplock step: its type and parameters, and what every UCD step
 * carries (precondition script, post-processing script, "ignore failure").
 */
record Leaf(
    String type,
    Map<String, Object> with,
    String precondition,
    String postProcessing,
    boolean allowFailure) {
  Leaf {
    with = Map.copyOf(with);
  }
}
