package io.shiplock.server.api;

import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agents' polls are their heartbeats. They are gathered here and written at most once a second, all
 * in one transaction, by whichever poll comes when one is due: 500 idle agents poll 100 times a
 * second, and one commit (a disk sync on SQLite) each would make every step wait behind them.
 * Liveness needs no finer grain: an agent is lost after {@code AGENT_SILENCE} (15 s) without one.
 * Lost with a killed server are at most a second of them; the agents' next polls write them again.
 */
final class Heartbeats {
  private static final long EVERY_NANOS = 1_000_000_000L;

  private final Store store;
  private final Clock clock;
  private final Map<Long, Instant> pending = new ConcurrentHashMap<>();
  private final AtomicLong lastWrite = new AtomicLong(System.nanoTime() - EVERY_NANOS);

  Heartbeats(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The agent polled now; written now when a write is due, else with the next one. */
  void beat(long agentId) {
    pending.put(agentId, clock.instant());
    long last = lastWrite.get();
    long now = System.nanoTime();
    if (now - last < EVERY_NANOS || !lastWrite.compareAndSet(last, now)) return;
    Map<Long, Instant> batch = new LinkedHashMap<>();
    // A concurrent map's iterator tolerates removal; a beat that lands meanwhile waits a second.
    for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      batch.put(e.getKey(), e.getValue());
      it.remove();
    }
    try {
      store.write(
          r -> {
            batch.forEach((id, at) -> r.agents().seen(id, at));
            return null;
          });
    } catch (RuntimeException e) {
      batch.forEach(pending::putIfAbsent); // the next due write takes them
      throw e;
    }
  }
}
