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
 * An effect: a lock was released (by {@code lock.release} or its request's end). The oldest step in
 * its line takes it, in that step's request's transaction, and its process goes on. A step that no
 * longer waits (canceled, timed out) leaves the line and the next one is asked. Applied at least
 * once, from the outbox; the engine's timer also hands over every free lock that has a line, so a
 * lost hand-over delays a waiter by seconds, never for ever.
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
    for (String name : store.read(r -> r.locks().freeWithWaiters())) {
      try {
        effects.addAll(handOver(name));
      } catch (RuntimeException ex) {
        // One lock that cannot be handed over does not keep the other lines waiting.
        LOG.warn("lock '{}' could not be handed over: {}", name, ex.toString());
      }
    }
    return effects;
  }

  private List<Long> handOver(String name) {
    List<Long> effects = new ArrayList<>();
    for (long stepId : store.read(r -> r.locks().waiting(name))) {
      boolean[] settled = {false};
      Committed<Void> done;
      try {
        done =
            tx.onStep(
                stepId,
                (c, out) -> {
                  StepRun s = c.tree().get(stepId);
                  if (s == null || s.state() != StepState.WAITING || !LockStep.is(s)) {
                    c.repos().locks().leaveLine(stepId); // it stopped waiting: not in line any more
                    return;
                  }
                  settled[0] = true;
                  if (!c.repos().locks().acquire(name, c.request().id(), stepId, c.now())) {
                    // Someone else holds it (it was taken between the read and this transaction).
                    c.tree()
                        .update(
                            s.with(
                                StepState.WAITING,
                                s.startedAt(),
                                null,
                                s.deadline(),
                                LockStep.waitingFor(c, name)));
                    return;
                  }
                  starter.finish(
                      c,
                      s,
                      StepState.SUCCEEDED,
                      "holds lock '" + name + "'",
                      Map.of(LockStep.LOCK, name));
                },
                (c, out) -> {});
      } catch (RequestRefused gone) {
        store.write(
            r -> {
              r.locks().leaveLine(stepId);
              return null;
            });
        continue;
      }
      effects.addAll(done.effects());
      if (settled[0]) break;
    }
    return effects;
  }
}
