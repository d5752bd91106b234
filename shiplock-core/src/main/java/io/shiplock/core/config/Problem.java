package io.shiplock.core.config;

/**
 * One thing wrong with the configuration. {@code field} is the path of the field inside its
 * document (for example {@code processes[0].steps[1].type}); {@code location} may be null for
 * problems found outside any file (a server object that would be left dangling).
 */
public record Problem(Location location, String field, String message) {
  @Override
  public String toString() {
    String where = location == null ? "" : location + ": ";
    return where + (field == null || field.isEmpty() ? "" : field + ": ") + message;
  }
}
