package io.shiplock.core.model;

/**
 * Identifies a configuration object. Environments are named within their application; every other
 * kind has {@code application == null}.
 */
public record ObjectKey(Kind kind, String application, String name)
    implements Comparable<ObjectKey> {
  public static ObjectKey of(Kind kind, String name) {
    return new ObjectKey(kind, null, name);
  }

  @Override
  public int compareTo(ObjectKey o) {
    int c = kind.compareTo(o.kind);
    if (c != 0) return c;
    c = String.valueOf(application).compareTo(String.valueOf(o.application));
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return kind.yamlName() + " " + (application == null ? "" : application + "/") + name;
  }
}
