package io.shiplock.core.store;

/** A write refused because it would duplicate or contradict what is stored. */
public final class Conflict extends RuntimeException {
  public Conflict(String message) {
    super(message);
  }
}
