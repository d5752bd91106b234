package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.config.Names;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.VersionFile;
import io.shiplock.server.api.answers.VersionAnswers.VersionAnswer;
import io.shiplock.server.artifacts.BlobStore;
import io.shiplock.server.engine.Effect.VersionCreated;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.Outbox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Component versions: list, read, create (with files already uploaded as blobs). */
final class VersionHandlers {
  record VersionRequest(
      String name, String description, Map<String, String> properties, List<VersionFile> files) {}

  private final Store store;
  private final Clock clock;
  private final BlobStore blobs;

  private final Engine engine;

  VersionHandlers(Store store, Clock clock, BlobStore blobs, Engine engine) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
    this.blobs = blobs;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
                "/api/v1/components/{component}/versions",
                "Versions of a component, newest first; ?limit=N.",
                this::list)
            .answersListOf(VersionAnswer.class),
        Route.get(
                "/api/v1/components/{component}/versions/{version}",
                "One version with its properties and statuses.",
                this::one)
            .answers(VersionAnswer.class),
        Route.post("/api/v1/components/{component}/versions", "Creates a version.", this::create)
            .answers(201, VersionAnswer.class)
            .needs(Permission.REQUEST));
  }

  private void list(Context ctx) {
    String component = ctx.pathParam("component");
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
    if (limit < 1 || limit > 10_000)
      throw ApiException.badRequest("limit must be between 1 and 10000");
    requireComponent(component);
    List<ComponentVersion> versions = store.read(r -> r.versions().list(component, limit));
    Json.ok(ctx, versions.stream().map(VersionAnswer::of).toList());
  }

  private void one(Context ctx) {
    Json.ok(ctx, VersionAnswer.of(version(store, ctx)));
  }

  /** The version the path names ({component}, {version}), or 404 saying which is missing. */
  static ComponentVersion version(Store store, Context ctx) {
    String component = ctx.pathParam("component");
    String version = ctx.pathParam("version");
    ComponentVersion v =
        store
            .read(r -> r.versions().find(component, version))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "component '" + component + "' has no version '" + version + "'"));
    return v;
  }

  private void create(Context ctx) {
    String component = ctx.pathParam("component");
    VersionRequest req = Json.body(ctx, VersionRequest.class);
    if (req.name() == null) throw ApiException.badRequest("a version needs a 'name'");
    Map<String, PropertyValue> props = new TreeMap<>();
    if (req.properties() != null)
      req.properties()
          .forEach(
              (k, v) -> {
                // The name's column holds 127: a longer one answered 500.
                if (k.length() > 127)
                  throw ApiException.badRequest(
                      "a version property's name has at most 127 characters ('"
                          + k.substring(0, 20)
                          + "…' has "
                          + k.length()
                          + ")");
                props.put(k, PropertyValue.plain(v));
              });
    var files = req.files() == null ? List.<VersionFile>of() : req.files();
    Json.send(
        ctx,
        201,
        VersionAnswer.of(create(ctx, component, req.name(), req.description(), props, files)));
  }

  /**
   * Creates a version with its file list in one transaction (a version never exists half-filled),
   * for a caller with 'request' on an application of the component.
   */
  ComponentVersion create(
      Context ctx,
      String component,
      String name,
      String description,
      Map<String, PropertyValue> props,
      List<VersionFile> files) {
    String bad = Names.problem(name);
    if (bad != null) throw ApiException.badRequest(bad);
    requireComponent(component);
    ComponentAccess.require(ctx, store, Permission.REQUEST, component);
    String fileProblem = ArtifactHandlers.problem(files, blobs);
    if (fileProblem != null) throw new ApiException(422, "invalid_files", fileProblem);
    String by = ApiServer.principal(ctx).name();
    List<Long> effects = new ArrayList<>();
    ComponentVersion v =
        store.write(
            r -> {
              ComponentVersion created =
                  r.versions().create(component, name, description, props, by, clock.instant());
              r.versions().addFiles(created.id(), files);
              effects.add(
                  Outbox.record(
                      r,
                      clock.instant(),
                      new VersionCreated(component, created.id(), created.name())));
              return created;
            });
    engine.applyCommitted(effects);
    return v;
  }

  private void requireComponent(String component) {
    boolean exists =
        store.read(r -> r.config().find(ObjectKey.of(Kind.COMPONENT, component))).isPresent();
    if (!exists) throw ApiException.notFound("no component named '" + component + "'");
  }
}
