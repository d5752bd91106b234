package io.shiplock.server.engine;

import io.shiplock.core.engine.RequestState;
import io.shiplock.core.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * An effect: a request of an environment with a concurrency limit ended while others queued. The
 * queued ones are advanced oldest first; each starts if it has a place (the advance decides, under
 * the environment's lock), the rest stay queued. Applied at least once, from the outbox, so a crash
 * between the end's commit and this start loses no queued request.
 */
final class OnPlaceFreed {
  private final Store store;
  private final RequestTx tx;

  OnPlaceFreed(Store store, RequestTx tx) {
    this.store = store;
    this.tx = tx;
  }

  List<Long> handle(Effect.PlaceFreed e) {
    List<Long> effects = new ArrayList<>();
    List<Long> queued =
        store.read(
            r -> r.runs().inEnvironment(e.application(), e.environment(), RequestState.QUEUED));
    for (long id : queued) effects.addAll(tx.advance(id).effects());
    return effects;
  }
}
