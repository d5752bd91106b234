package io.shiplock.api;

import java.util.List;

/**
 * A bundle of step types, registered in {@code META-INF/services/io.shiplock.api.StepTypeProvider}.
 */
public interface StepTypeProvider {
  List<StepType> stepTypes();
}
