package io.shiplock.server.engine;

import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An effect: a lock was released (by {@code lock.release} or its request's end). Its line is walked
 * oldest first, each step in its own request's transaction: the first takes the lock and its
 * process goes on, so do later steps of that same request (a lock is the request's), the others
 * learn who holds it now, and a step that no longer waits (canceled, timed out) leaves the line.
 * Applied at least once, from the outbox; the engine's timer also hands over every free lock that
 * has a line, so a lost hand-over delays a waiter by seconds, never for ever.
 */
final class OnLockFreed {
  private static final Logger LOG = LoggerFactory.getLogger(OnLockFreed.class);
  private final Store store;
  private final RequestTx tx;
  private final StepStarter starter;

  OnLockFreed(Store store, RequestTx tx, StepStarter starter) {
    this.store = store;
    this.tx = tx;
    this.starter = starter;
  }

  List<Long> handle(Effect.LockFreed e) {
    return handOver(e.name());
  }

  /** Timer: every free lock with a line. */
  List<Long> free() {
    List<Long> effects = new ArrayList<>();
    for (String name : store.read(r -> r.locks().freeWithWaiters())) effects.addAll(handOver(name));
    return effects;
  }

  private List<Long> handOver(String name) {
    List<Long> effects = new ArrayList<>();
    for (long stepId : store.read(r -> r.locks().waiting(name))) {
      try {
        effects.addAll(offer(name, stepId).effects());
      } catch (RequestRefused gone) {
        store.write(
            r -> {
              r.locks().leaveLine(stepId);
              return null;
            });
      } catch (RuntimeException ex) {
        // One step that cannot be offered the lock does not keep the rest of the line waiting.
        LOG.warn("lock step {} could not be offered its lock: {}", stepId, ex.toString());
      }
    }
    return effects;
  }

  private Committed<Void> offer(String name, long stepId) {
    return tx.onStep(
        stepId,
        (c, out) -> {
          StepRun s = c.tree().get(stepId);
          if (s == null || s.state() != StepState.WAITING || !LockStep.is(s)) {
            c.repos().locks().leaveLine(stepId); // it stopped waiting: not in line any more
            return;
          }
          // The name as the step shows it: masked when it was built from a secure value.
          String shown = s.outputs().getOrDefault(LockStep.LOCK, name);
          if (c.repos().locks().acquire(name, c.request().id(), stepId, c.now())) {
            starter.finish(
                c,
                s,
                StepState.SUCCEEDED,
                "holds lock '" + shown + "'",
                Map.of(LockStep.LOCK, shown));
            return;
          }
          String message = LockStep.waitingFor(c, name, shown);
          if (!message.equals(s.message()))
            c.tree().update(s.with(StepState.WAITING, s.startedAt(), null, s.deadline(), message));
        },
        (c, out) -> {});
  }
}
