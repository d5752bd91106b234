package io.shiplock.server.api;

import io.shiplock.core.model.Permission;
import io.shiplock.server.metrics.ServerMetrics;
import java.util.List;

/**
 * {@code GET /metrics} for Prometheus. It needs the {@code metrics} permission (a scraper holds the
 * API token of a user whose team's role grants it: Prometheus' {@code authorization} bearer
 * credentials), unless the operator opened it ({@code SHIPLOCK_METRICS_PUBLIC=true}) for a network
 * where only the scraper can reach it: the figures name applications, environments and routes.
 */
final class MetricsHandlers {
  /** Prometheus' text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsHandlers() {}

  static List<Route> routes(ServerMetrics metrics) {
    Route scrape =
        Route.get(
                "/metrics",
                "This node's metrics in Prometheus' text format (docs/operations.md, 'Metrics').",
                ctx -> {
                  ctx.contentType(CONTENT_TYPE);
                  ctx.result(metrics.scrape());
                })
            .needsEverywhere(Permission.METRICS);
    return List.of(metrics.open() ? scrape.open() : scrape);
  }
}
