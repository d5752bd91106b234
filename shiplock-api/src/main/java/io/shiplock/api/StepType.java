package io.shiplock.api;

import java.util.List;
import java.util.Optional;

/**
 * A step type under a short, stable name such as {@code shell} or {@code docker.build}. Types are
 * discovered with {@link java.util.ServiceLoader}; an unknown type is refused when configuration is
 * validated, never at run time.
 */
public interface StepType {
  String name();

  Placement placement();

  String description();

  List<Param> params();

  default Optional<Param> param(String name) {
    return params().stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
