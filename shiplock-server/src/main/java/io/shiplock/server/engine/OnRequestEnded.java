package io.shiplock.server.engine;

import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.Store;
import io.shiplock.server.notify.Notifier;

/** An effect: the requester (and the webhook) learn how a request ended; so do the metrics. */
final class OnRequestEnded {
  private final Store store;
  private final Notifier notifier;
  private final EngineMeters meters;

  OnRequestEnded(Store store, Notifier notifier, EngineMeters meters) {
    this.store = store;
    this.notifier = notifier;
    this.meters = meters;
  }

  void handle(Effect.RequestEnded e) {
    store.read(
        r -> {
          Request req = r.runs().find(e.requestId()).orElseThrow();
          notifier.requestEnded(req, r.users().find(req.requestedBy()).orElse(null));
          meters.requestEnded(req, r.runs().steps(req.id()));
          return null;
        });
  }
}
