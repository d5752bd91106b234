package io.shiplock.core.model;

/** A status is set on component versions or on inventory entries (a version on a resource). */
public enum StatusScope {
  VERSION,
  INVENTORY;

  public String yaml() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
