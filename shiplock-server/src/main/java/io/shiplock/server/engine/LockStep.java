package io.shiplock.server.engine;

import io.shiplock.api.StepType;
import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.LockRepository.Holder;
import io.shiplock.core.store.RunRepository.StepRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lock.acquire} and {@code lock.release}: named locks on what deployments touch (a host, a
 * database), held in the database ({@code LockRepository}) so they hold across server nodes and
 * restarts. A step that cannot take its lock waits, as state, in the lock's line; the holder's
 * release or its request's end hands the lock to the oldest in line ({@link OnLockFreed}).
 */
final class LockStep implements ServerStep {
  /** The output that names the lock a step took or waits for. */
  static final String LOCK = "lock";

  /** The longest lock name: what the lock tables' key holds. */
  static final int MAX_NAME = 400;

  @Override
  public List<StepType> declarations() {
    return List.of(ServerStepTypes.LOCK_ACQUIRE, ServerStepTypes.LOCK_RELEASE);
  }

  @Override
  public Result run(
      StepStarter.Ctx c, StepRun row, StepSpec spec, Map<String, Object> with, StepRun target) {
    Optional<String> name = name(c, with, target);
    if (name.isEmpty())
      return Result.failed(
          spec.type()
              + ": give the lock a 'name' (outside a component process there is no agent"
              + " to name it after)");
    String lock = name.get();
    if (lock.length() > MAX_NAME)
      return Result.failed(
          spec.type()
              + ": a lock's name is at most "
              + MAX_NAME
              + " characters, not "
              + lock.length());
    long request = c.request().id();
    if (spec.type().equals(ServerStepTypes.LOCK_RELEASE.name())) {
      if (!c.repos().locks().release(lock, request))
        return Result.ok("lock '" + lock + "' was not held by this request", Map.of(LOCK, lock));
      c.locksFreed().add(lock);
      return Result.ok("released lock '" + lock + "'", Map.of(LOCK, lock));
    }
    Duration timeout = null;
    if (with.get("timeout") != null) {
      timeout = Durations.parse(String.valueOf(with.get("timeout")));
      if (timeout == null)
        return Result.failed("lock.acquire: '" + with.get("timeout") + "' is not a duration");
    }
    if (c.repos().locks().acquire(lock, request, row.id(), c.now()))
      return Result.ok("holds lock '" + lock + "'", Map.of(LOCK, lock));
    return new Result(
        StepState.WAITING,
        waitingFor(c, lock, lock),
        Map.of(LOCK, lock),
        timeout == null ? null : c.now().plus(timeout));
  }

  /**
   * What a waiting step's row says: the lock ({@code shown}, as the step shows its name) and the
   * request that holds it, or that older steps are ahead of it in line.
   */
  static String waitingFor(StepStarter.Ctx c, String lock, String shown) {
    Optional<Holder> h = c.repos().locks().holder(lock);
    return "waits for lock '"
        + shown
        + "'"
        + h.map(x -> ", held by request " + x.requestId()).orElse(", behind older steps in line");
  }

  private static Optional<String> name(
      StepStarter.Ctx c, Map<String, Object> with, StepRun target) {
    Object given = with.get("name");
    if (given != null && !String.valueOf(given).isBlank())
      return Optional.of(String.valueOf(given).strip());
    if (target == null || target.agentId() == null) return Optional.empty();
    return c.repos().agents().nameOf(target.agentId()).map(a -> "agent:" + a);
  }

  /** True for a step row that waits in a lock's line (a release, not a timer, ends its wait). */
  static boolean is(StepRun s) {
    return ServerStepTypes.LOCK_ACQUIRE.name().equals(s.type());
  }
}
