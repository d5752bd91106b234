package io.shiplock.server.engine;

import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.LogRepository;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Step output as agents upload it: only for work the agent has taken, only while that attempt runs
 * (an ended attempt's log is closed), and at most {@link #limit()} characters per attempt, past
 * which output is counted and dropped with a marker (docs/security.md, "Agents").
 */
public final class StepLogs {
  /** The environment variable that sets the limit, in characters. */
  public static final String LIMIT_ENV = "SHIPLOCK_STEP_LOG_LIMIT";

  /** 16 Mi characters: far more than any build prints, far less than a full disk. */
  public static final long DEFAULT_LIMIT = 16L << 20;

  /** The last piece of an attempt's output, which travels with its result. */
  public record Tail(long seq, String data) {}

  private final Store store;
  private final Clock clock;
  private final long limit;

  StepLogs(Store store, Clock clock, long limit) {
    this.store = store;
    this.clock = clock;
    this.limit = limit;
  }

  /** The limit the environment sets, or the default; refuses a value that is not a count. */
  public static long limit(Map<String, String> env) {
    String v = env.get(LIMIT_ENV);
    if (v == null || v.isBlank()) return DEFAULT_LIMIT;
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 1024) return n;
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        LIMIT_ENV + " must be a number of characters of at least 1024, not '" + v + "'");
  }

  public long limit() {
    return limit;
  }

  /** Stores a chunk an agent sent while its step runs. */
  public LogRepository.Appended append(
      Identity agent, long stepId, int attempt, long seq, String data) {
    return store.write(
        r -> {
          StepRun s = r.runs().step(stepId).orElse(null);
          StepOwner.check(s, agent, attempt, r.work());
          if (s.state().isTerminal())
            throw new RequestRefused(
                409, "step " + stepId + " ended as " + s.state() + "; its log is closed");
          return r.logs().append(stepId, attempt, seq, data, clock.instant(), limit);
        });
  }

  /** In the transaction that ends an attempt: its last output, then the log is closed. */
  void end(Repositories r, long stepId, int attempt, Tail tail, Instant now) {
    if (tail != null) r.logs().append(stepId, attempt, tail.seq(), tail.data(), now, limit);
    r.logs().close(stepId, attempt, now);
  }
}
