package io.shiplock.api;

import java.util.List;

/** A step type that is only a declaration; the engine and agents attach behaviour by name. */
public record SimpleStepType(
    String name, Placement placement, String description, List<Param> params) implements StepType {
  public SimpleStepType {
    params = List.copyOf(params);
  }
}
