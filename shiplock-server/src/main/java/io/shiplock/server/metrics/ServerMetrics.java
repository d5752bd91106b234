package io.shiplock.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import io.shiplock.server.engine.EngineMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The server's meters, in one Prometheus registry: what the engine and the HTTP server count as
 * they go (per node: Prometheus sums the nodes of a cluster), what the database holds when scraped
 * (the same on every node of a cluster: take one node's, or max()), the connection pools and the
 * JVM.
 */
public final class ServerMetrics implements EngineMeters, AutoCloseable {
  /** Deployments take minutes: buckets from a second to two hours. */
  private static final Duration[] REQUEST_BUCKETS =
      seconds(1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200);

  /** A step may be a shell line or an image build: from 100 ms to an hour. */
  private static final Duration[] STEP_BUCKETS =
      seconds(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600);

  /** From queued to taken by an agent's poll: milliseconds when all is well. */
  private static final Duration[] DISPATCH_BUCKETS =
      seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

  /** API calls, pages, agents' long polls (up to their wait) and event streams. */
  private static final Duration[] HTTP_BUCKETS =
      seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final StoreGauges stored;
  private final boolean open;

  /** {@code open}: {@code /metrics} answers without a token (SHIPLOCK_METRICS_PUBLIC). */
  private ServerMetrics(Store store, boolean open) {
    this.open = open;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    for (Store.Pool p : store.pools()) poolGauges(store, p.name());
    this.stored = new StoreGauges(store, registry);
  }

  /** The server's metrics; {@code /metrics} is open to anyone only when the environment says. */
  public static ServerMetrics start(Store store, Map<String, String> env) {
    return new ServerMetrics(
        store, "true".equalsIgnoreCase(env.getOrDefault("SHIPLOCK_METRICS_PUBLIC", "")));
  }

  /** Whether {@code /metrics} needs no token. */
  public boolean open() {
    return open;
  }

  /** The text a scraper reads: the database's figures read now, the rest as counted. */
  public String scrape() {
    stored.refresh();
    return registry.scrape();
  }

  @Override
  public void requestEnded(Request request, List<StepRun> steps) {
    String state = request.state().name();
    Tags where =
        Tags.of("application", request.application(), "environment", request.environment());
    Counter.builder("shiplock.requests.ended")
        .description("Requests that ended, by application, environment and final state")
        .tags(where.and("state", state))
        .register(registry)
        .increment();
    if (request.finishedAt() != null)
      Timer.builder("shiplock.request.duration")
          .description("From a request made to its end, by application, environment and state")
          .tags(where.and("state", state))
          .serviceLevelObjectives(REQUEST_BUCKETS)
          .register(registry)
          .record(Duration.between(started(request), request.finishedAt()));
    for (StepRun s : steps) {
      if (s.node() != NodeKind.STEP || s.startedAt() == null || s.finishedAt() == null) continue;
      Timer.builder("shiplock.step.duration")
          .description("From a step started to its end (its last attempt), by type and state")
          .tags("type", s.type() == null ? "" : s.type(), "state", s.state().name())
          .serviceLevelObjectives(STEP_BUCKETS)
          .register(registry)
          .record(Duration.between(s.startedAt(), s.finishedAt()));
    }
  }

  /** An agent's poll took a step that waited {@code waited} in the queue. */
  public void dispatched(Duration waited) {
    Timer.builder("shiplock.dispatch.latency")
        .description("From a step queued for an agent to the agent's poll taking it")
        .serviceLevelObjectives(DISPATCH_BUCKETS)
        .register(registry)
        .record(waited.isNegative() ? Duration.ZERO : waited);
  }

  /**
   * One HTTP call answered: {@code route} is the route's template ({@code /api/v1/requests/{id}}),
   * never the path itself, which would make a series per id.
   */
  public void http(String method, String route, int status, Duration took) {
    Timer.builder("http.server.requests")
        .description("HTTP calls by method, route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .serviceLevelObjectives(HTTP_BUCKETS)
        .register(registry)
        .record(took);
  }

  private void poolGauges(Store store, String name) {
    record Reading(String metric, String description, ToIntFunction<Store.Pool> f) {}
    for (Reading r :
        List.of(
            new Reading("active", "Connections in use", Store.Pool::active),
            new Reading("idle", "Connections open and free", Store.Pool::idle),
            new Reading("pending", "Threads waiting for a connection", Store.Pool::waiting),
            new Reading("max", "The pool's size", Store.Pool::max)))
      Gauge.builder(
              "shiplock.db.connections." + r.metric(),
              store,
              s ->
                  s.pools().stream()
                      .filter(p -> p.name().equals(name))
                      .mapToInt(r.f())
                      .findFirst()
                      .orElse(0))
          .description(r.description())
          .tag("pool", name)
          .register(registry);
  }

  private static Duration[] seconds(double... s) {
    Duration[] out = new Duration[s.length];
    for (int i = 0; i < s.length; i++) out[i] = Duration.ofNanos(Math.round(s[i] * 1e9));
    return out;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  /** When the request could start: made, or its scheduled time (the wait is not its duration). */
  private static Instant started(Request request) {
    Instant at = request.scheduledFor();
    return at != null && at.isAfter(request.requestedAt()) ? at : request.requestedAt();
  }
}
