package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** udclient's and the CI plugins' reads of applications, components, environments, processes. */
final class UcdLookups {
  private final Store store;
  private final UcdNames names;

  UcdLookups(Store store, UcdNames names) {
    this.store = store;
    this.names = names;
  }

  void componentsInApplication(Context ctx) {
    String app = names.application(UcdNames.param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    ApplicationSpec spec =
        (ApplicationSpec)
            store.read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, app))).orElseThrow();
    Json.ok(
        ctx, spec.components().stream().map(c -> info(ObjectKey.of(Kind.COMPONENT, c))).toList());
  }

  /** UCD answers 204 for a process the application does not have (UCD-COMPAT.md §4). */
  void applicationProcessInfo(Context ctx) {
    String app = names.application(UcdNames.param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    String name = UcdNames.param(ctx, "applicationProcess", true);
    ApplicationSpec spec =
        (ApplicationSpec)
            store.read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, app))).orElseThrow();
    var process = spec.processes().stream().filter(p -> p.name().equals(name)).findFirst();
    if (process.isEmpty()) {
      ctx.status(204);
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "id",
        UUID.nameUUIDFromBytes(
                ("shiplock:application-process:" + app + "/" + name)
                    .getBytes(StandardCharsets.UTF_8))
            .toString());
    m.put("name", name);
    m.put("description", process.get().description() == null ? "" : process.get().description());
    m.put("active", true);
    Json.ok(ctx, m);
  }

  void applicationInfo(Context ctx) {
    String app = names.application(UcdNames.param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    Json.ok(ctx, info(ObjectKey.of(Kind.APPLICATION, app)));
  }

  void componentInfo(Context ctx) {
    String component = names.component(ctx, UcdNames.param(ctx, "component", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
    Map<String, Object> m = info(ObjectKey.of(Kind.COMPONENT, component));
    // uDeployRestClient reads where the version properties are defined.
    m.put(
        "versionPropSheetDef",
        Map.of("id", m.get("id"), "path", "components/" + m.get("id") + "/versionPropSheetDef"));
    Json.ok(ctx, m);
  }

  void environmentInfo(Context ctx) {
    var key =
        names.environmentKey(
            UcdNames.param(ctx, "application", false), UcdNames.param(ctx, "environment", true));
    String app = key.application();
    String env = key.name();
    ApiServer.requireRead(ApiServer.scope(ctx).refuseEnvironment(app, env));
    Map<String, Object> m = info(new ObjectKey(Kind.ENVIRONMENT, app, env));
    m.put("application", Map.of("id", UcdIds.of(ObjectKey.of(Kind.APPLICATION, app)), "name", app));
    Json.ok(ctx, m);
  }

  void unfilledProperties(Context ctx) {
    String app = names.application(UcdNames.param(ctx, "application", true));
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    // Shiplock processes declare no required request properties: nothing is ever unfilled.
    Json.ok(ctx, List.of());
  }

  /** The fields UCD answers for every object: id, name, description, active. */
  private Map<String, Object> info(ObjectKey key) {
    var o =
        store
            .read(r -> r.config().find(key))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        key.kind().yamlName() + " '" + key.name() + "' not found"));
    String description =
        switch (o) {
          case ApplicationSpec a -> a.description();
          case ComponentSpec c -> c.description();
          case EnvironmentSpec e -> e.description();
          default -> null;
        };
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(key));
    m.put("name", key.name());
    m.put("description", description == null ? "" : description);
    m.put("active", true);
    return m;
  }
}
