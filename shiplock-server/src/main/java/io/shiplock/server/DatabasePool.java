package io.shiplock.server;

import java.util.Map;
import java.util.OptionalInt;

/**
 * How many connections this node keeps to a shared database when {@code SHIPLOCK_DB_POOL_SIZE} (the
 * server's {@code --db-pool-size}) says; empty for the store's default ({@code
 * JdbcStore.defaultPoolSize}).
 */
final class DatabasePool {
  static final String SIZE_ENV = "SHIPLOCK_DB_POOL_SIZE";

  /** Flyway takes a second connection beside its first while it migrates at start. */
  static final int MIN = 2;

  static final int MAX = 200;

  private DatabasePool() {}

  static OptionalInt size(Map<String, String> env) {
    String v = env.get(SIZE_ENV);
    if (v == null || v.isBlank()) return OptionalInt.empty();
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= MIN && n <= MAX) return OptionalInt.of(n);
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        SIZE_ENV
            + " (--db-pool-size) must be a number of connections from "
            + MIN
            + " to "
            + MAX
            + ", not '"
            + v
            + "'");
  }
}
