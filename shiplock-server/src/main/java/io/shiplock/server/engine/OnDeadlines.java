package io.shiplock.server.engine;

import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Deadlines passed: a server wait's time is up, an agent step timed out. */
final class OnDeadlines {
  private final Store store;
  private final Clock clock;
  private final RequestTx tx;
  private final StepStarter starter;

  OnDeadlines(Store store, Clock clock, RequestTx tx, StepStarter starter) {
    this.store = store;
    this.clock = clock;
    this.tx = tx;
    this.starter = starter;
  }

  /** Returns when the next deadline is due (in a minute when none is). */
  Committed<Instant> handle() {
    Instant now = clock.instant();
    List<Long> effects = new ArrayList<>();
    for (StepRun s : store.read(r -> r.runs().due(now))) {
      Committed<Void> done =
          tx.onRequest(
              s.requestId(),
              (c, out) -> {
                StepRun cur = c.tree().get(s.id());
                if (cur == null
                    || cur.deadline() == null
                    || cur.deadline().isAfter(c.now())
                    || cur.state().isTerminal()) return;
                if (cur.state() == StepState.WAITING && ManualStep.is(cur)) {
                  String took = Durations.format(Duration.between(cur.startedAt(), cur.deadline()));
                  starter.finish(
                      c,
                      cur,
                      StepState.FAILED,
                      "nobody of "
                          + cur.outputs().get(ManualStep.APPROVERS)
                          + " decided within "
                          + took,
                      cur.outputs());
                } else if (cur.state() == StepState.WAITING && LockStep.is(cur)) {
                  c.repos().locks().leaveLine(cur.id());
                  String took = Durations.format(Duration.between(cur.startedAt(), cur.deadline()));
                  starter.finish(
                      c,
                      cur,
                      StepState.FAILED,
                      "did not get lock '"
                          + cur.outputs().get(LockStep.LOCK)
                          + "' within "
                          + took
                          + " ("
                          + cur.message()
                          + ")",
                      cur.outputs());
                } else if (cur.state() == StepState.WAITING) { // a server wait: its time is up
                  starter.finish(c, cur, StepState.SUCCEEDED, cur.message(), Map.of());
                } else {
                  c.repos().work().drop(cur.id());
                  String took = Durations.format(Duration.between(cur.startedAt(), cur.deadline()));
                  starter.finish(c, cur, StepState.FAILED, "timed out after " + took, Map.of());
                }
              });
      effects.addAll(done.effects());
    }
    Instant next = store.read(r -> r.runs().nextDeadline()).orElse(now.plusSeconds(60));
    return new Committed<>(next, effects);
  }
}
