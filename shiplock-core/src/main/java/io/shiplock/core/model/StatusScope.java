package io.shiplock.core.model;

import java.util.Locale;

/** A status is set on component versions or on inventory entries (a version on a resource). */
public enum StatusScope {
  VERSION,
  INVENTORY;

  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }
}
