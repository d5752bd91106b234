package io.shiplock.server.api;

import io.shiplock.core.store.Store;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the store answers a trivial query within a time limit. A database that is away can hold a
 * query for as long as the pool waits for a connection (30 s), longer than a load balancer waits
 * for a probe, so the probe waits at most the limit. One check runs at a time: probes that come
 * while one hangs share it instead of piling up threads on a dead database.
 */
final class Readiness {
  static final Duration LIMIT = Duration.ofSeconds(2);
  private static final ExecutorService CHECKS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("readiness").factory());

  private final Store store;
  private final Duration limit;
  private CompletableFuture<Boolean> running;

  Readiness(Store store, Duration limit) {
    this.store = store;
    this.limit = limit;
  }

  boolean ready() {
    CompletableFuture<Boolean> check;
    synchronized (this) {
      if (running == null || running.isDone())
        running = CompletableFuture.supplyAsync(store::isReady, CHECKS);
      check = running;
    }
    try {
      return check.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The answer's words when not ready. */
  String notReadyMessage() {
    return "the database cannot be reached: it did not answer a trivial query within "
        + limit.toMillis()
        + " ms";
  }
}
