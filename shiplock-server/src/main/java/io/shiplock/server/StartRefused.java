package io.shiplock.server;

/** The server refuses to start, for a reason a person can act on (the message says how). */
public final class StartRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartRefused(String message) {
    super(message);
  }
}
