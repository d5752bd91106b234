package io.shiplock.server.api;

/** Who may call a route. Only login and health checks are public. */
public enum Access {
  PUBLIC,
  AUTHENTICATED
}
