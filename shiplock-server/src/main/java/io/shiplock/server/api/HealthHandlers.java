package io.shiplock.server.api;

import io.shiplock.core.store.Store;
import java.util.List;
import java.util.Map;

/**
 * Liveness (the process answers) and readiness (the store answers within {@link Readiness#LIMIT},
 * and the node is not draining). Public, for probes: a load balancer sends no traffic to a node
 * that is not ready, and a node whose database is away stays alive (restarting it would not bring
 * the database back).
 */
final class HealthHandlers {
  private HealthHandlers() {}

  static List<Route> routes(Store store, ThisNode node) {
    Readiness readiness = new Readiness(store, Readiness.LIMIT);
    return List.of(
        Route.get(
                "/healthz",
                "Liveness: the server process answers.",
                ctx -> Json.ok(ctx, Map.of("status", "ok")))
            .open(),
        Route.get(
                "/readyz",
                "Readiness: the database answers a trivial query within 2 s and the node is not"
                    + " stopping (else 503).",
                ctx -> {
                  if (node.draining())
                    Json.send(
                        ctx,
                        503,
                        Map.of(
                            "status",
                            "draining",
                            "message",
                            "this node is stopping: it finishes what it serves and takes no new"
                                + " work"));
                  else if (readiness.ready()) Json.ok(ctx, Map.of("status", "ready"));
                  else
                    Json.send(
                        ctx,
                        503,
                        Map.of("status", "unavailable", "message", readiness.notReadyMessage()));
                })
            .open());
  }
}
