package io.shiplock.api;

/** The value types a step parameter may take in configuration. */
public enum ParamType {
  STRING,
  INTEGER,
  BOOLEAN,
  DURATION,
  STRING_LIST,
  STRING_MAP;

  /** The word used in error messages and the JSON Schema. */
  public String label() {
    return switch (this) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case BOOLEAN -> "a boolean";
      case DURATION -> "a duration such as 30s, 5m or 1h";
      case STRING_LIST -> "a list of strings";
      case STRING_MAP -> "a map of strings";
    };
  }
}
