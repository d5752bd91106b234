package io.shiplock.core.config;

/** Where something stands in a source file; lines and columns count from 1. */
public record Location(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
