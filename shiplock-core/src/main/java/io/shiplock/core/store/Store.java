package io.shiplock.core.store;

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

  @Override
  void close();
}
