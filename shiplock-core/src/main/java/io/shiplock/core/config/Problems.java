package io.shiplock.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems so that validation reports all of them at once. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  public void add(Location at, String field, String message) {
    list.add(new Problem(at, field, message));
  }

  /** Something that works but probably not as its author meant: shown, never refused. */
  public void warn(Location at, String field, String message) {
    warnings.add(new Problem(at, field, message));
  }

  public List<Problem> warnings() {
    return List.copyOf(warnings);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  public void throwIfAny() {
    if (!list.isEmpty()) throw new ConfigException(list);
  }
}
