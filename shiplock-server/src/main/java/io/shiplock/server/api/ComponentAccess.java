package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import java.util.List;

/**
 * A write to a component (a version, a status, an import) is scoped by the applications that have
 * it: the caller needs the permission on one of them, as a read of it needs {@code view} there.
 */
final class ComponentAccess {
  private ComponentAccess() {}

  static void require(Context ctx, Store store, Permission p, String component) {
    var authz = ApiServer.authorizer(ctx);
    if (authz.admin()) return;
    List<String> apps = applicationsOf(store, component);
    if (apps.stream().anyMatch(a -> authz.allows(p, a, null))) return;
    if (apps.size() == 1)
      throw ApiServer.forbidden(authz.refusal(p, apps.get(0), null).orElseThrow());
    throw ApiServer.forbidden(
        "user '"
            + authz.user()
            + "' lacks the '"
            + p.yaml()
            + "' permission on an application containing component '"
            + component
            + "' "
            + (apps.isEmpty()
                ? "(it is in none)"
                : "(" + String.join(", ", apps) + "; granted through a team's roles)"));
  }

  /** The applications that have the component. */
  static List<String> applicationsOf(Store store, String component) {
    return store.read(r -> r.config().list(Kind.APPLICATION)).stream()
        .map(o -> (ApplicationSpec) o)
        .filter(a -> a.components().contains(component))
        .map(ApplicationSpec::name)
        .toList();
  }
}
