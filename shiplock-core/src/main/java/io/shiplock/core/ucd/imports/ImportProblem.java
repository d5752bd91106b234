package io.shiplock.core.ucd.imports;

/** Something in an export that cannot be imported, with the JSON path where it stands. */
public record ImportProblem(String file, String path, String message) {
  @Override
  public String toString() {
    return file + ": " + path + ": " + message;
  }
}
