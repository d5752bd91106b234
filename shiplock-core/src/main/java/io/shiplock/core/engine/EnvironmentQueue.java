package io.shiplock.core.engine;

import java.util.List;
import java.util.Optional;

/**
 * Whether a queued request of an environment with a concurrency limit may start. Requests start in
 * the order they were made: a request starts only when fewer than {@code concurrency} requests of
 * the environment run and no older queued request is still waiting for a place. Pure: the engine
 * reads the environment's running and queued requests under the environment's lock and persists
 * what this decides.
 */
public final class EnvironmentQueue {
  private EnvironmentQueue() {}

  /**
   * The request {@code me} waits for (the oldest running one, or the oldest queued one ahead of it
   * when none runs); empty when it may start. {@code running} and {@code queued} are request ids of
   * the environment in any order; {@code me} is among {@code queued}. A {@code concurrency} of 0
   * means no limit.
   */
  public static Optional<Long> waitsFor(
      int concurrency, List<Long> running, List<Long> queued, long me) {
    if (concurrency <= 0) return Optional.empty();
    List<Long> ahead = queued.stream().filter(id -> id < me).sorted().toList();
    if (running.size() + ahead.size() < concurrency) return Optional.empty();
    return running.isEmpty()
        ? Optional.of(ahead.get(0))
        : Optional.of(running.stream().min(Long::compare).orElseThrow());
  }
}
