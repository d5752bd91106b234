package io.shiplock.core.model;

/**
 * A property value. A secure value is encrypted at rest and never shown; {@code value == null} on a
 * secure property means "set elsewhere, keep what the server holds".
 */
public record PropertyValue(String value, boolean secure) {
  public static PropertyValue plain(String value) {
    return new PropertyValue(value, false);
  }

  public static PropertyValue secret(String value) {
    return new PropertyValue(value, true);
  }

  /** The same property with its value hidden, for every output. */
  public PropertyValue masked() {
    return secure ? new PropertyValue(null, true) : this;
  }

  @Override
  public String toString() {
    return secure ? "****" : value;
  }
}
