package io.shiplock.core.engine;

import java.util.Locale;

/**
 * What a row of a request's step tree is: a step of a process, or a target (a component process
 * running on one resource, whose children are that process's steps). Stored in lower case.
 */
public enum NodeKind {
  STEP,
  TARGET;

  /** The stored name. */
  public String stored() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NodeKind ofStored(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
