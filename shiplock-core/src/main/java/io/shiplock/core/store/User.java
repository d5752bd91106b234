package io.shiplock.core.store;

import java.time.Instant;

/** A local user. The password hash is a bcrypt string, never the password. */
public record User(
    long id, String name, String passwordHash, boolean admin, Instant createdAt, String email) {
  @Override
  public String toString() {
    return "User[" + name + "]";
  }
}
