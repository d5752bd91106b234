package io.shiplock.server.api;

import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' polls are their heartbeats. They are gathered here and written at most once a second, all
 * in one transaction and one batch, off the calls' threads: 500 idle agents poll 100 times a
 * second, and one commit (a disk sync on SQLite) each would make every step wait behind them.
 * Liveness needs no finer grain: an agent is lost after {@code AGENT_SILENCE} (15 s) without one.
 * Lost with a killed server are at most a second of them; the agents' next polls write them again.
 */
final class Heartbeats {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);
  private static final long EVERY_NANOS = 1_000_000_000L;

  private final Store store;
  private final Clock clock;
  private final Map<Long, Instant> pending = new ConcurrentHashMap<>();
  private final AtomicLong lastWrite = new AtomicLong(System.nanoTime() - EVERY_NANOS);

  Heartbeats(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The agent called now. When a write is due it goes out on a thread of its own: a call never
   * waits for it (500 agents' heartbeats are one batch, but still a transaction and a disk sync).
   */
  void beat(long agentId) {
    pending.put(agentId, clock.instant());
    long last = lastWrite.get();
    long now = System.nanoTime();
    if (now - last < EVERY_NANOS || !lastWrite.compareAndSet(last, now)) return;
    Thread.ofVirtual().name("heartbeats").start(this::write);
  }

  private void write() {
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
            r.agents().seen(batch);
            return null;
          });
    } catch (RuntimeException e) {
      // The database is away or the node is stopping: the next due write takes them.
      batch.forEach(pending::putIfAbsent);
      LOG.debug("heartbeats not written: {}", e.toString());
    }
  }
}
