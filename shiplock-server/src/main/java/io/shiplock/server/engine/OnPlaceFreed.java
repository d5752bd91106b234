package io.shiplock.server.engine;

import io.shiplock.core.engine.RequestState;
import io.shiplock.core.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An effect: a request of an environment with a concurrency limit ended while others queued. The
 * queued ones are advanced oldest first; each starts if it has a place (the advance decides, under
 * the environment's lock), the rest stay queued. Applied at least once, from the outbox, so a crash
 * between the end's commit and this start loses no queued request.
 */
final class OnPlaceFreed {
  private static final Logger LOG = LoggerFactory.getLogger(OnPlaceFreed.class);
  private final Store store;
  private final RequestTx tx;

  OnPlaceFreed(Store store, RequestTx tx) {
    this.store = store;
    this.tx = tx;
  }

  /**
   * Timer: the head of every queue that waited since {@code before} is advanced (it starts if it
   * has a place). What an end's effect missed (a start that raced the end, a limit raised or
   * removed, a node that died between a request's commit and its first advance) starts here within
   * seconds; a head that still has no place stays queued, and so do those behind it.
   */
  List<Long> heads(Instant before) {
    List<Long> effects = new ArrayList<>();
    for (long id : store.read(r -> r.runs().queueHeads(before))) {
      try {
        effects.addAll(tx.advance(id).effects());
      } catch (RuntimeException e) {
        // One request that cannot be advanced does not keep the other queues waiting.
        LOG.warn("queued request {} could not be advanced: {}", id, e.toString());
      }
    }
    return effects;
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
