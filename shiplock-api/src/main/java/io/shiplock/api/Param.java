package io.shiplock.api;

/** One declared parameter of a step type. */
public record Param(String name, ParamType type, boolean required, String description) {
  public static Param required(String name, ParamType type, String description) {
    return new Param(name, type, true, description);
  }

  public static Param optional(String name, ParamType type, String description) {
    return new Param(name, type, false, description);
  }
}
