package io.shiplock.server.engine;

/**
 * A request the engine will not take or an agent report it will not apply, with the HTTP status.
 */
public final class RequestRefused extends RuntimeException {
  private final int status;

  public RequestRefused(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
