package io.shiplock.server.api;

import io.shiplock.core.store.Store;
import java.util.List;
import java.util.Map;

/** Liveness (the process answers) and readiness (the store answers). Public, for probes. */
final class HealthHandlers {
  private HealthHandlers() {}

  static List<Route> routes(Store store) {
    return List.of(
        Route.get(
                "/healthz",
                "Liveness: the server process answers.",
                ctx -> Json.ok(ctx, Map.of("status", "ok")))
            .open(),
        Route.get(
                "/readyz",
                "Readiness: the store answers.",
                ctx -> {
                  boolean ready = store.isReady();
                  Json.send(
                      ctx,
                      ready ? 200 : 503,
                      Map.of("status", ready ? "ready" : "store unavailable"));
                })
            .open());
  }
}
