package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.config.ConfigWriter;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.security.ReadScope;
import io.shiplock.core.service.ConfigService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads of every configuration kind, in the same shape as the YAML (secure values masked).
 * Environments are named within their application.
 */
final class ObjectHandlers {
  private final ConfigService config;

  ObjectHandlers(ConfigService config) {
    this.config = config;
  }

  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      // Environments and snapshots are named within their application (snapshots:
      // SnapshotHandlers).
      if (kind == Kind.ENVIRONMENT || !kind.isConfigObject()) continue;
      String base = "/api/v1/" + kind.plural();
      if (kind != Kind.AGENT) { // agents are listed with their liveness (AgentAdminHandlers)
        routes.add(
            Route.get(
                base,
                "Lists " + kind.plural() + ".",
                ctx -> Json.ok(ctx, trees(ctx, config.list(kind)))));
      }
      routes.add(
          Route.get(
              base + "/{name}",
              "One " + kind.yamlName() + " by name.",
              ctx -> one(ctx, ObjectKey.of(kind, ctx.pathParam("name")))));
    }
    routes.add(
        Route.get(
            "/api/v1/environments",
            "Lists environments in pipeline order; ?application=A for one application.",
            this::environments));
    routes.add(
        Route.get(
            "/api/v1/applications/{application}/environments",
            "The environments of an application, in pipeline order.",
            ctx -> {
              one(ctx, ObjectKey.of(Kind.APPLICATION, ctx.pathParam("application")), false);
              Json.ok(ctx, trees(ctx, environmentsOf(ctx.pathParam("application"))));
            }));
    routes.add(
        Route.get(
            "/api/v1/applications/{application}/environments/{name}",
            "One environment of an application.",
            ctx ->
                one(
                    ctx,
                    new ObjectKey(
                        Kind.ENVIRONMENT, ctx.pathParam("application"), ctx.pathParam("name")))));
    return routes;
  }

  private void environments(Context ctx) {
    String app = ctx.queryParam("application");
    Json.ok(ctx, trees(ctx, app == null ? config.list(Kind.ENVIRONMENT) : environmentsOf(app)));
  }

  private List<ConfigObject> environmentsOf(String app) {
    return config.list(Kind.ENVIRONMENT).stream()
        .filter(o -> ((EnvironmentSpec) o).application().equals(app))
        .toList();
  }

  private void one(Context ctx, ObjectKey key) {
    one(ctx, key, true);
  }

  /**
   * One object the caller may read: refused from its key alone when the scope decides by name (the
   * same answer whether or not it exists); a source or trigger of a component outside the scope is
   * as missing.
   */
  private void one(Context ctx, ObjectKey key, boolean send) {
    ReadScope scope = ApiServer.scope(ctx);
    ApiServer.requireRead(scope.refuse(key));
    ConfigObject o =
        config
            .find(key)
            .filter(scope::object)
            .orElseThrow(() -> ApiException.notFound("no " + key + " on this server"));
    if (send) Json.ok(ctx, ConfigWriter.toTree(o));
  }

  /** The objects the caller may read, as trees. */
  private static List<Map<String, Object>> trees(Context ctx, List<ConfigObject> objects) {
    ReadScope scope = ApiServer.scope(ctx);
    return objects.stream().filter(scope::object).map(ConfigWriter::toTree).toList();
  }
}
