package io.shiplock.core.model;

import java.util.Locale;

/**
 * A status is set on component versions, on inventory entries (a version on a resource), or on
 * snapshots.
 */
public enum StatusScope {
  VERSION,
  INVENTORY,
  SNAPSHOT;

  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }
}
