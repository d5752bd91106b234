package io.shiplock.server;

import io.shiplock.store.JdbcStore;
import java.util.Map;

/**
 * How many connections this node keeps to a shared database: {@code SHIPLOCK_DB_POOL_SIZE} (the
 * server's {@code --db-pool-size}), else {@link JdbcStore#DEFAULT_POOL_SIZE}. The nodes of one
 * database together should stay near what its server runs at once (about twice its cores).
 */
final class DatabasePool {
  static final String SIZE_ENV = "SHIPLOCK_DB_POOL_SIZE";
  static final int MAX = 200;

  private DatabasePool() {}

  static int size(Map<String, String> env) {
    String v = env.get(SIZE_ENV);
    if (v == null || v.isBlank()) return JdbcStore.DEFAULT_POOL_SIZE;
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1 && n <= MAX) return n;
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        SIZE_ENV
            + " (--db-pool-size) must be a number of connections from 1 to "
            + MAX
            + ", not '"
            + v
            + "'");
  }
}
