package io.shiplock.server.engine;

import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one way handlers change a request: lock it, let the handler work, advance it, record what
 * must happen after the commit in the outbox, commit; then wake the agents that got work.
 */
final class RequestTx {
  private final Store store;
  private final Clock clock;
  private final AgentHub hub;
  private final Advancer advancer;

  RequestTx(Store store, Clock clock, AgentHub hub, Advancer advancer) {
    this.store = store;
    this.clock = clock;
    this.hub = hub;
    this.advancer = advancer;
  }

  /** Works on a locked request and advances it. */
  <T> Committed<T> onRequest(long requestId, BiConsumer<StepStarter.Ctx, AtomicReference<T>> work) {
    return onRequest(
        r ->
            r.runs()
                .lock(requestId)
                .orElseThrow(() -> new RequestRefused(404, "no request " + requestId)),
        work,
        (c, out) -> {});
  }

  /**
   * As above for the request of a step, found and locked in one statement; {@code then} runs after
   * the advance, in the same transaction (it sees the work the advance queued).
   */
  <T> Committed<T> onStep(
      long stepId,
      BiConsumer<StepStarter.Ctx, AtomicReference<T>> work,
      BiConsumer<StepStarter.Ctx, AtomicReference<T>> then) {
    return onRequest(
        r ->
            r.runs()
                .lockOfStep(stepId)
                .orElseThrow(() -> new RequestRefused(404, "no step " + stepId)),
        work,
        then);
  }

  /** Advances a request with nothing else to do: it starts, or goes on after a restart. */
  Committed<Void> advance(long requestId) {
    return onRequest(requestId, (c, out) -> {});
  }

  /** Fails, never re-runs, the steps an agent had taken; each request follows its failure edges. */
  List<Long> failInFlight(long agentId, String reason, StepStarter starter) {
    List<Long> effects = new ArrayList<>();
    for (StepRun s : store.read(r -> r.runs().inFlightOn(agentId))) {
      Committed<Void> done =
          onRequest(
              s.requestId(),
              (c, out) -> {
                StepRun cur = c.tree().get(s.id());
                if (cur.state().isTerminal()) return;
                c.repos().work().drop(cur.id());
                starter.finish(c, cur, StepState.FAILED, reason, Map.of());
              });
      effects.addAll(done.effects());
    }
    return effects;
  }

  /**
   * When requests of the ended request's environment queue: the effect that starts them, whatever
   * the limit says now (it may have been raised or removed while they queued). A read without the
   * environment's lock, so a start that raced this end can still be left queued; the engine's timer
   * advances the head of every queue that waited a few seconds (EngineTimers), so no request waits
   * for ever.
   */
  private static Optional<Effect> placeFreed(Repositories r, Request req) {
    String app = req.application();
    String env = req.environment();
    if (r.runs().inEnvironment(app, env, RequestState.QUEUED).isEmpty()) return Optional.empty();
    return Optional.of(new Effect.PlaceFreed(app, env));
  }

  private <T> Committed<T> onRequest(
      Function<Repositories, Request> locked,
      BiConsumer<StepStarter.Ctx, AtomicReference<T>> work,
      BiConsumer<StepStarter.Ctx, AtomicReference<T>> then) {
    List<Long> wake = new ArrayList<>();
    AtomicReference<T> result = new AtomicReference<>();
    List<Long> effects = new ArrayList<>();
    store.write(
        r -> {
          Request req = locked.apply(r);
          long requestId = req.id();
          StepStarter.Ctx c =
              new StepStarter.Ctx(
                  r,
                  req,
                  new TreeMap<>(req.properties()),
                  new RunTree(r.runs(), requestId),
                  clock.instant(),
                  wake);
          work.accept(c, result);
          advancer.advance(c);
          then.accept(c, result);
          // What happens outside the transaction is written inside it (the outbox).
          if (c.tree().requestEnded()) {
            // Whatever way it ended (success, failure, cancel, recovery), its locks go back.
            c.locksFreed().addAll(r.locks().releaseAll(requestId));
            effects.add(Outbox.record(r, c.now(), new Effect.RequestEnded(requestId)));
            placeFreed(r, req).ifPresent(e -> effects.add(Outbox.record(r, c.now(), e)));
          }
          for (var s : c.statusesAdded())
            effects.add(
                Outbox.record(
                    r,
                    c.now(),
                    new Effect.StatusAdded(s.component(), s.versionId(), s.version(), s.status())));
          for (String lock : c.locksFreed())
            if (!r.locks().waiting(lock).isEmpty())
              effects.add(Outbox.record(r, c.now(), new Effect.LockFreed(lock)));
          for (long step : c.tasksWaiting())
            effects.add(Outbox.record(r, c.now(), new Effect.TaskWaiting(step)));
          return null;
        });
    hub.wake(wake); // a hint only: agents poll at least every 5 s, so a lost wake-up delays
    return new Committed<>(result.get(), effects);
  }
}
