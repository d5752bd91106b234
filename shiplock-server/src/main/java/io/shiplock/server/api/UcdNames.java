package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.SnapshotRepository;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import java.util.Locale;
import java.util.Set;

/**
 * How UCD's clients name things: by name or by UUID wherever UCD accepts either, a version by name
 * with its component or by id alone, an environment by name with its application or by id alone,
 * and the keywords for the newest version (UCD-COMPAT.md §5.6). A missing one is UCD's 404 naming
 * it; a read outside the caller's scope is refused as Shiplock's own reads are.
 */
final class UcdNames {
  /** Version names UCD reserves for "the newest version" (UCD-COMPAT.md §3.1). */
  static final Set<String> NEWEST = Set.of("latest", "latestVersion", "newest");

  private final Store store;

  UcdNames(Store store) {
    this.store = store;
  }

  /** An application's snapshot from its name or ID. */
  SnapshotRepository.Snapshot snapshot(String app, String nameOrId) {
    var number = UcdIds.number(UcdIds.Numbered.SNAPSHOT, nameOrId);
    var found =
        number.isPresent()
            ? store.read(r -> r.snapshots().find(number.getAsLong()))
            : store.read(r -> r.snapshots().find(app, nameOrId));
    return found
        .filter(s -> s.application().equals(app))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "Snapshot '" + nameOrId + "' not found in application '" + app + "'"));
  }

  /** An environment's key from its ID alone, or from its name with its application. */
  ObjectKey environmentKey(String appGiven, String given) {
    if (appGiven == null) {
      if (!UcdIds.isUuid(given))
        throw ApiException.badRequest(
            "Missing required parameter 'application' (needed when the environment is a name)");
      return store.read(r -> r.config().list(Kind.ENVIRONMENT)).stream()
          .map(o -> o.key())
          .filter(k -> UcdIds.of(k).equals(given.toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(() -> ApiException.notFound("Environment '" + given + "' not found"));
    }
    String app = application(appGiven);
    return new ObjectKey(Kind.ENVIRONMENT, app, environment(app, given));
  }

  /** An application's name from its name or ID; 404 naming it when there is none. */
  String application(String nameOrId) {
    return named(Kind.APPLICATION, null, nameOrId, "Application");
  }

  /** An environment's name (of this application) from its name or ID. */
  String environment(String application, String nameOrId) {
    return named(Kind.ENVIRONMENT, application, nameOrId, "Environment");
  }

  private String named(Kind kind, String application, String nameOrId, String label) {
    if (UcdIds.isUuid(nameOrId)) {
      String id = nameOrId.toLowerCase(Locale.ROOT);
      return store.read(r -> r.config().list(kind)).stream()
          .filter(o -> application == null || application.equals(o.key().application()))
          .filter(o -> UcdIds.of(o.key()).equals(id))
          .map(o -> o.name())
          .findFirst()
          .orElseThrow(() -> ApiException.notFound(label + " '" + nameOrId + "' not found"));
    }
    if (store.read(r -> r.config().find(new ObjectKey(kind, application, nameOrId))).isEmpty())
      throw ApiException.notFound(
          label
              + " '"
              + nameOrId
              + "' not found"
              + (application == null ? "" : " in application '" + application + "'"));
    return nameOrId;
  }

  /** A parameter the client sent; a missing required one is UCD's 400 naming it. */
  static String param(Context ctx, String name, boolean required) {
    String v = ctx.queryParam(name);
    if ((v == null || v.isBlank()) && required)
      throw ApiException.badRequest("Missing required parameter '" + name + "'");
    return v == null ? null : v.strip();
  }

  /** A component's name from its name or ID; 404 naming it when there is none. */
  String component(Context ctx, String nameOrId) {
    if (UcdIds.isUuid(nameOrId)) {
      String id = nameOrId.toLowerCase(Locale.ROOT);
      return store.read(r -> r.config().list(Kind.COMPONENT)).stream()
          .filter(o -> UcdIds.of(o.key()).equals(id))
          .map(o -> o.name())
          .findFirst()
          .orElseThrow(() -> ApiException.notFound("Component '" + nameOrId + "' not found"));
    }
    if (store.read(r -> r.config().find(ObjectKey.of(Kind.COMPONENT, nameOrId))).isEmpty())
      throw ApiException.notFound("Component '" + nameOrId + "' not found");
    return nameOrId;
  }

  /**
   * A version from its ID, or from its name (or latest, latestVersion, newest) with its component;
   * read only when the caller may read its component.
   */
  ComponentVersion version(Context ctx, String componentNameOrId, String version) {
    var number = UcdIds.number(UcdIds.Numbered.VERSION, version);
    ComponentVersion v;
    if (number.isPresent()) {
      v =
          store
              .read(r -> r.versions().find(number.getAsLong()))
              .orElseThrow(() -> ApiException.notFound("Version '" + version + "' not found"));
    } else {
      if (componentNameOrId == null || componentNameOrId.isBlank())
        throw ApiException.badRequest(
            "Missing required parameter 'component' (needed when the version is a name)");
      String component = component(ctx, componentNameOrId);
      ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(component));
      v =
          (NEWEST.contains(version)
                  ? store.read(r -> r.versions().list(component, 1)).stream().findFirst()
                  : store.read(r -> r.versions().find(component, version)))
              .orElseThrow(
                  () ->
                      ApiException.notFound(
                          "Version '" + version + "' of component '" + component + "' not found"));
    }
    ApiServer.requireRead(ApiServer.scope(ctx).refuseComponent(v.component()));
    return v;
  }
}
