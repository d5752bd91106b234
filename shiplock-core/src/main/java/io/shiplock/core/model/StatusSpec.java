package io.shiplock.core.model;

/**
 * A status definition. A {@code unique} status is held by one version (or inventory entry) at a
 * time and moves when set elsewhere; {@code role}, when set, is required to add or remove it.
 */
public record StatusSpec(
    String name, StatusScope scope, String color, boolean unique, String role, String description)
    implements ConfigObject {
  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.STATUS, name);
  }
}
