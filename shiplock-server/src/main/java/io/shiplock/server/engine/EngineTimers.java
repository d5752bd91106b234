package io.shiplock.server.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's clock: ends waits and timed-out steps when their deadlines pass, and fails the steps
 * of agents that stopped answering, fails requests whose approval expired, fires recurring
 * schedules and starts scheduled requests (within two seconds of their time). One daemon thread; it
 * sleeps until the next deadline (at most a second) and checks agents every two seconds.
 */
public final class EngineTimers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineTimers.class);

  /** An agent silent this long loses its steps; agents poll at least every 5 s. */
  public static final Duration AGENT_SILENCE = Duration.ofSeconds(15);

  /**
   * A queued request waits this long before the timer advances it: a new one is advanced by its own
   * request at once, and the timer only catches what nothing else will start.
   */
  static final Duration QUEUED_GRACE = Duration.ofSeconds(5);

  /** How often a pass checks agents, approvals, effects, schedules and queues. */
  static final Duration PERIOD = Duration.ofSeconds(2);

  /**
   * Tests only: a shorter pass, in milliseconds, so that a test of what a pass does waits for one
   * in a fraction of the 2 s (the schedule tests waited out dozens). Never set in production.
   */
  public static final String TEST_PERIOD = "SHIPLOCK_TEST_TIMER_PERIOD_MS";

  private final Thread thread;
  private final long periodNanos;
  private volatile boolean running = true;

  private EngineTimers(Engine engine, Clock clock, Duration period) {
    this.periodNanos = period.toNanos();
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("shiplock-engine-timers")
            .unstarted(() -> loop(engine, clock));
  }

  /**
   * Starts the timer thread; it sleeps until the next deadline on {@code clock}, and passes every
   * {@link #PERIOD}, or the period {@link #TEST_PERIOD} in {@code env} sets.
   */
  public static EngineTimers start(Engine engine, Clock clock, Map<String, String> env) {
    String test = env.get(TEST_PERIOD);
    Duration period = test == null ? PERIOD : Duration.ofMillis(Math.max(10, Long.parseLong(test)));
    EngineTimers t = new EngineTimers(engine, clock, period);
    t.thread.start();
    return t;
  }

  private void loop(Engine engine, Clock clock) {
    long nextAgentCheck = 0;
    while (running) {
      try {
        Instant next = engine.timers();
        if (System.nanoTime() >= nextAgentCheck) {
          engine.agentsLost(AGENT_SILENCE);
          engine.expireApprovals();
          engine.drainEffects(); // effects whose claimer died (its lease ran out)
          engine.fireSchedules();
          engine.startScheduled(clock.instant());
          engine.startQueued(clock.instant(), QUEUED_GRACE); // a start an end's effect missed
          engine.handOverLocks(); // a hand-over an end's effect missed
          nextAgentCheck = System.nanoTime() + periodNanos;
        }
        long sleep =
            Math.max(
                10,
                Math.min(
                    Math.min(1000, periodNanos / 1_000_000),
                    Duration.between(clock.instant(), next).toMillis()));
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception | Error e) {
        // Any error, not only runtime exceptions: this one thread ends every wait, timeout,
        // agent-loss check and approval expiry, so it must outlive whatever one pass ran into.
        if (!running) return;
        LOG.warn("engine timers: {}", e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      // The pass under way ends (and gives its lease back) before the store closes.
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
