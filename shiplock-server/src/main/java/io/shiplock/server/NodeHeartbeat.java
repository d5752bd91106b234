package io.shiplock.server;

import io.shiplock.core.store.NodeRepository.Node;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as a node of its database: registered at start under a random id, beating every
 * interval on a virtual thread, marked stopped at a graceful stop. A node that dies stops beating,
 * and the others see it dead after {@link io.shiplock.core.store.NodeRepository#MISSED_BEATS}
 * intervals.
 */
public final class NodeHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);
  static final String INTERVAL_ENV = "SHIPLOCK_HEARTBEAT_MS";
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  // Rows of nodes silent for this long are deleted at start: every restart is a new node.
  private static final Duration FORGET_AFTER = Duration.ofDays(7);

  private final Store store;
  private final Clock clock;
  private final String id;
  private final Duration interval;
  private final ScheduledExecutorService beats;
  private volatile boolean failing;

  private NodeHeartbeat(Store store, Clock clock, String id, Duration interval) {
    this.store = store;
    this.clock = clock;
    this.id = id;
    this.interval = interval;
    this.beats =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("node-heartbeat").factory());
  }

  /** The interval the environment sets, or 5 s; refuses a value that is not a count of ms. */
  public static Duration interval(Map<String, String> env) {
    String v = env.get(INTERVAL_ENV);
    if (v == null || v.isBlank()) return DEFAULT_INTERVAL;
    try {
      long ms = Long.parseLong(v.strip());
      if (ms >= 10) return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        INTERVAL_ENV + " must be a number of milliseconds of at least 10, not '" + v + "'");
  }

  /** A new id for this start of the server. */
  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Registers the node and starts beating. */
  static NodeHeartbeat start(
      Store store, Clock clock, String id, String address, String version, Duration interval) {
    Instant now = clock.instant();
    store.write(
        r -> {
          r.nodes().forgetSilentSince(now.minus(FORGET_AFTER));
          r.nodes().register(new Node(id, address, version, now, now, null));
          return null;
        });
    NodeHeartbeat h = new NodeHeartbeat(store, clock, id, interval);
    long ms = interval.toMillis();
    // beat() catches what it throws, so the schedule never ends on its own; close() ends it.
    var unused = h.beats.scheduleWithFixedDelay(h::beat, ms, ms, TimeUnit.MILLISECONDS);
    return h;
  }

  public String id() {
    return id;
  }

  public Duration interval() {
    return interval;
  }

  // A beat that fails (the database is away) is logged once and tried again next interval; the
  // node is not stopped for it, readiness says the database is unreachable.
  private void beat() {
    try {
      store.write(r -> r.nodes().beat(id, clock.instant()));
      if (failing) LOG.info("Node heartbeat written again");
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) LOG.warn("Node heartbeat failed (will retry): {}", e.toString());
      failing = true;
    }
  }

  /** Stops beating and marks the node stopped; a database that is away only loses the mark. */
  @Override
  public void close() {
    beats.shutdownNow();
    try {
      store.write(
          r -> {
            r.nodes().stop(id, clock.instant());
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warn("Could not mark node {} stopped: {}", id, e.toString());
    }
  }
}
