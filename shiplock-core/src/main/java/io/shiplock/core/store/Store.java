package io.shiplock.core.store;

import java.util.List;
import java.util.function.Function;

/** Runs work against the repositories, in one transaction per call. */
public interface Store extends AutoCloseable {
  <T> T read(Function<Repositories, T> work);

  /** One transaction: all of the work is committed, or none of it. */
  <T> T write(Function<Repositories, T> work);

  /** True when the database answers. */
  boolean isReady();

  /** "sqlite" (embedded), "h2" (in memory, or a home from before SQLite) or "postgresql". */
  String dialect();

  /** A connection pool's state now: a metric (pools that wait for connections are saturated). */
  record Pool(String name, int active, int idle, int waiting, int max) {}

  /** The connection pools behind this store (none for a store that has none). */
  default List<Pool> pools() {
    return List.of();
  }

  @Override
  void close();
}
