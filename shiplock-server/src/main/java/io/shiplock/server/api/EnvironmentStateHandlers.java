package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.RunRepository.RuntimeProperty;
import io.shiplock.core.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            this::componentProperties));
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
              List<RuntimeProperty> runtime = r.runs().runtimeProperties(app, env);
              List<Map<String, Object>> rows = new ArrayList<>();
              for (String component : a.components()) {
                var c =
                    r.config()
                        .find(ObjectKey.of(Kind.COMPONENT, component))
                        .map(o -> (ComponentSpec) o);
                if (c.isEmpty()) continue;
                Map<String, PropertyValue> configured =
                    e.componentProperties().getOrDefault(component, Map.of());
                for (EnvPropertyDef d : c.get().environmentProperties()) {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("component", component);
                  m.put("name", d.name());
                  RuntimeProperty rp =
                      runtime.stream()
                          .filter(x -> x.component().equals(component) && x.name().equals(d.name()))
                          .findFirst()
                          .orElse(null);
                  PropertyValue conf = configured.get(d.name());
                  boolean secure = d.secure() || (conf != null && conf.secure());
                  if (rp != null) {
                    m.put("value", secure ? null : rp.value());
                    m.put("source", "runtime");
                    m.put("setAt", rp.setAt());
                    m.put("request", rp.requestId());
                  } else if (conf != null) {
                    m.put("value", conf.secure() ? null : conf.value());
                    m.put("source", "configured");
                  } else {
                    m.put("value", d.defaultValue());
                    m.put("source", "default");
                  }
                  if (secure) m.put("secure", true);
                  rows.add(m);
                }
              }
              return rows;
            });
    Json.ok(ctx, out);
  }
}
