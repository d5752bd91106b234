package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.compare.Comparison;
import io.shiplock.core.compare.ComponentEnvironmentValues;
import io.shiplock.core.engine.RunningSnapshot;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.InventoryRepository.Place;
import io.shiplock.core.store.RunRepository.RuntimeProperty;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.SnapshotAnswers.RunningSnapshotAnswer;
import io.shiplock.server.api.answers.SnapshotAnswers.SnapshotAnswer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an environment holds per component: each component-environment property with its value and
 * where the value comes from (recorded by a step, configured, or the definition's default).
 */
final class EnvironmentStateHandlers {
  private final Store store;

  EnvironmentStateHandlers(Store store) {
    this.store = store;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
            "/api/v1/applications/{application}/environments/{name}/component-properties",
            "Component-environment properties of an environment: value and source (runtime, configured, default).",
            this::componentProperties),
        Route.get(
                "/api/v1/applications/{application}/environments/{name}/snapshot",
                "The snapshot the environment runs: its last successful request deployed it and"
                    + " every place of its components still runs its versions (else null).",
                this::runningSnapshot)
            .answers(RunningSnapshotAnswer.class),
        Route.get(
                "/api/v1/applications/{application}/compare",
                "Two environments side by side: the snapshot each runs, each component's versions"
                    + " and inventory statuses, and every property (secure ones masked, compared by"
                    + " presence only), differences marked; ?left=ENV&right=ENV.",
                this::compare)
            .answers(Comparison.class),
        Route.get(
            "/api/v1/applications/{application}/inventory",
            "What runs where: per environment, resource and component the version, since when, by"
                + " which request, its inventory statuses, a pending install and the"
                + " component-environment values steps recorded; ?environment=E.",
            this::inventory),
        Route.get(
            "/api/v1/applications/{application}/inventory/history",
            "The history of one inventory entry, newest first;"
                + " ?environment=E&resource=PATH&component=C&limit=N.",
            this::history));
  }

  private void compare(Context ctx) {
    String app = ctx.pathParam("application");
    String left = required(ctx, "left");
    String right = required(ctx, "right");
    var scope = ApiServer.scope(ctx);
    ApiServer.requireRead(scope.refuseEnvironment(app, left));
    ApiServer.requireRead(scope.refuseEnvironment(app, right));
    Json.ok(ctx, store.read(r -> Comparisons.of(r, app, left, right)));
  }

  private void runningSnapshot(Context ctx) {
    String app = ctx.pathParam("application");
    String env = ctx.pathParam("name");
    ApiServer.requireRead(ApiServer.scope(ctx).refuseEnvironment(app, env));
    var running =
        store.read(
            r -> {
              if (r.config().find(new ObjectKey(Kind.ENVIRONMENT, app, env)).isEmpty())
                throw ApiException.notFound(
                    "application '" + app + "' has no environment named '" + env + "'");
              return RunningSnapshot.of(r, app, env);
            });
    Json.ok(ctx, new RunningSnapshotAnswer(app, env, running.map(SnapshotAnswer::of).orElse(null)));
  }

  private void inventory(Context ctx) {
    String app = ctx.pathParam("application");
    String env = ctx.queryParam("environment");
    if (env != null) ApiServer.requireRead(ApiServer.scope(ctx).refuseEnvironment(app, env));
    var scope = ApiServer.scope(ctx);
    List<Map<String, Object>> out =
        store.read(
            r -> {
              if (r.config().find(ObjectKey.of(Kind.APPLICATION, app)).isEmpty())
                throw ApiException.notFound("no application named '" + app + "'");
              List<Map<String, Object>> rows = new ArrayList<>();
              Map<String, List<RuntimeProperty>> runtime = new HashMap<>();
              for (var e : r.inventory().list(app, env)) {
                var place = e.place();
                if (!scope.environment(app, place.environment())) continue;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("environment", place.environment());
                m.put("resource", place.resourcePath());
                m.put("component", place.component());
                m.put("version", e.actual().map(a -> a.version()).orElse(null));
                m.put("since", e.actual().map(a -> a.since()).orElse(null));
                m.put("request", e.actual().map(a -> a.requestId()).orElse(null));
                m.put("statuses", e.statuses().stream().map(st -> st.status()).toList());
                e.desired()
                    .filter(d -> e.actual().map(a -> a.requestId() != d.requestId()).orElse(true))
                    .ifPresent(
                        d ->
                            m.put(
                                "desired",
                                Map.of(
                                    "version", d.version(),
                                    "since", d.since(),
                                    "request", d.requestId())));
                Map<String, String> props = new TreeMap<>();
                for (RuntimeProperty rp :
                    runtime.computeIfAbsent(
                        place.environment(), x -> r.runs().runtimeProperties(app, x))) {
                  if (rp.component().equals(place.component())) props.put(rp.name(), rp.value());
                }
                m.put("properties", props);
                rows.add(m);
              }
              return rows;
            });
    Json.ok(ctx, out);
  }

  private void history(Context ctx) {
    var place =
        new Place(
            ctx.pathParam("application"),
            required(ctx, "environment"),
            required(ctx, "resource"),
            required(ctx, "component"));
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
    ApiServer.requireRead(
        ApiServer.scope(ctx).refuseEnvironment(place.application(), place.environment()));
    Json.ok(
        ctx, store.read(r -> r.inventory().history(place, Math.max(1, Math.min(limit, 10_000)))));
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) throw ApiException.badRequest("give ?" + name + "=…");
    return v;
  }

  private void componentProperties(Context ctx) {
    String app = ctx.pathParam("application");
    String env = ctx.pathParam("name");
    List<Map<String, Object>> out =
        store.read(
            r -> {
              var e =
                  r.config()
                      .find(new ObjectKey(Kind.ENVIRONMENT, app, env))
                      .map(o -> (EnvironmentSpec) o)
                      .orElseThrow(
                          () ->
                              ApiException.notFound(
                                  "application '"
                                      + app
                                      + "' has no environment named '"
                                      + env
                                      + "'"));
              var a =
                  (ApplicationSpec)
                      r.config().find(ObjectKey.of(Kind.APPLICATION, app)).orElseThrow();
              List<Map<String, Object>> rows = new ArrayList<>();
              for (var v : ComponentEnvironmentValues.of(r, a, e)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("component", v.component());
                m.put("name", v.name());
                m.put("value", v.value());
                m.put("source", v.source());
                if (v.setAt() != null) m.put("setAt", v.setAt());
                if (v.request() != null) m.put("request", v.request());
                if (v.secure()) m.put("secure", true);
                rows.add(m);
              }
              return rows;
            });
    Json.ok(ctx, out);
  }
}
