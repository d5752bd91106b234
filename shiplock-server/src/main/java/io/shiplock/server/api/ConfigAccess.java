package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import java.util.List;

/**
 * Who may change one configuration object outside an apply (UCD's property setters): {@code
 * configure} wherever the change reaches. An apply needs it on every application because files may
 * touch anything; one property reaches less. An environment's property reaches that environment; an
 * application's reaches every environment of it; a component's reaches every application that has
 * it (every application, when none has it yet).
 */
final class ConfigAccess {
  private ConfigAccess() {}

  static void environment(Context ctx, String app, String env) {
    ApiServer.require(ctx, Permission.CONFIGURE, app, env);
  }

  static void application(Context ctx, Store store, String app) {
    // A grant with no environment covers the application; one naming environments only those.
    List<String> envs =
        store.read(r -> r.config().list(Kind.ENVIRONMENT)).stream()
            .filter(o -> app.equals(o.key().application()))
            .map(o -> o.name())
            .toList();
    ApiServer.require(ctx, Permission.CONFIGURE, app, null);
    for (String env : envs) ApiServer.require(ctx, Permission.CONFIGURE, app, env);
  }

  static void component(Context ctx, Store store, String component) {
    List<String> apps = ComponentAccess.applicationsOf(store, component);
    var authz = ApiServer.authorizer(ctx);
    if (apps.isEmpty() && !authz.allowsEverywhere(Permission.CONFIGURE))
      throw ApiServer.forbidden(
          "user '"
              + authz.user()
              + "' lacks the 'configure' permission on every application (component '"
              + component
              + "' is in none)");
    for (String app : apps) application(ctx, store, app);
  }
}
