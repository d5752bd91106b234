package io.shiplock.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiplock.core.store.AgentRepository;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the database holds now, read once per scrape in one short transaction: the work queue's
 * depth and its oldest item's age, the agents online and offline. When the database does not
 * answer, {@code shiplock_database_up} is 0 and the other figures keep their last values.
 */
final class StoreGauges {
  private final Store store;
  private final Clock clock = Clock.systemUTC();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong oldestMillis = new AtomicLong();
  private final AtomicLong online = new AtomicLong();
  private final AtomicLong offline = new AtomicLong();
  private final AtomicLong up = new AtomicLong();

  StoreGauges(Store store, MeterRegistry registry) {
    this.store = store;
    Gauge.builder("shiplock.queue.items", queued, AtomicLong::get)
        .description("Steps queued for agents and not taken yet")
        .register(registry);
    Gauge.builder("shiplock.queue.oldest.age", oldestMillis, a -> a.get() / 1000.0)
        .description("How long the oldest step not taken yet has waited (0 when none)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("shiplock.agents", online, AtomicLong::get)
        .description("Agents by liveness (online: heard from in the last 15 s)")
        .tag("state", "online")
        .register(registry);
    Gauge.builder("shiplock.agents", offline, AtomicLong::get)
        .description("Agents by liveness (online: heard from in the last 15 s)")
        .tag("state", "offline")
        .register(registry);
    Gauge.builder("shiplock.database.up", up, AtomicLong::get)
        .description("1 when this node read the database at the last scrape, else 0")
        .register(registry);
  }

  void refresh() {
    try {
      Instant now = clock.instant();
      store.read(
          r -> {
            WorkQueue.Backlog b = r.work().backlog();
            queued.set(b.items());
            oldestMillis.set(
                b.oldest() == null ? 0 : Math.max(0, Duration.between(b.oldest(), now).toMillis()));
            long on = 0;
            long off = 0;
            for (AgentRepository.Status s : r.agents().statuses()) {
              if (s.onlineAt(now)) on++;
              else off++;
            }
            online.set(on);
            offline.set(off);
            return null;
          });
      up.set(1);
    } catch (RuntimeException e) {
      up.set(0);
    }
  }
}
