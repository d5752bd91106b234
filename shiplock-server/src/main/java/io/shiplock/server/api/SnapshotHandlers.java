package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.config.Names;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.InventoryRepository;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.SnapshotAnswers.SnapshotAnswer;
import io.shiplock.server.audit.Audit;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Snapshots: a named, immutable set of component versions of an application, made from chosen
 * versions or from what an environment runs now. A request may name one instead of versions; the
 * gate then checks every version in it. Creating one needs {@code request} on the application.
 */
final class SnapshotHandlers {
  record NewSnapshot(String name, String description, JsonNode versions, String fromEnvironment) {}

  private final Store store;
  private final Clock clock;
  private final SnapshotStatusHandlers statuses;

  SnapshotHandlers(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.statuses = new SnapshotStatusHandlers(store, clock);
  }

  /** Snapshot statuses set by hand (their routes are among {@link #routes()}). */
  SnapshotStatusHandlers statuses() {
    return statuses;
  }

  List<Route> routes() {
    String base = "/api/v1/applications/{application}/snapshots";
    return Stream.concat(
            statuses.routes().stream(),
            Stream.of(
                Route.post(
                        base,
                        "Creates a snapshot from versions ({component: version}) or from an environment"
                            + " (fromEnvironment).",
                        this::create)
                    .answers(201, SnapshotAnswer.class)
                    .needs(Permission.REQUEST),
                Route.get(base, "The application's snapshots, newest first.", this::list)
                    .answersListOf(SnapshotAnswer.class),
                Route.get(base + "/{snapshot}", "One snapshot with its versions.", this::one)
                    .answers(SnapshotAnswer.class)))
        .toList();
  }

  private void create(Context ctx) {
    NewSnapshot req = Json.body(ctx, NewSnapshot.class);
    if (req.name() == null) throw ApiException.badRequest("a snapshot needs a 'name'");
    boolean hasVersions = req.versions() != null && !req.versions().isNull();
    if (hasVersions == (req.fromEnvironment() != null))
      throw ApiException.badRequest(
          "give either 'versions' ({\"component\": \"version\"}) or 'fromEnvironment', not both");
    String app = ctx.pathParam("application");
    Snapshot s =
        hasVersions
            ? create(
                ctx, app, req.name(), req.description(), RequestHandlers.versions(req.versions()))
            : createFromEnvironment(ctx, app, req.name(), req.description(), req.fromEnvironment());
    Json.send(ctx, 201, SnapshotAnswer.of(s));
  }

  /** A snapshot of these versions (component to version name), in one transaction. */
  Snapshot create(
      Context ctx, String app, String name, String description, Map<String, String> versions) {
    String bad = Names.problem(name);
    if (bad != null) throw ApiException.badRequest("snapshot " + bad);
    if (versions.isEmpty())
      throw ApiException.badRequest("a snapshot needs at least one component version");
    ApiServer.require(ctx, Permission.REQUEST, app, null);
    ApplicationSpec spec = application(app);
    String by = ApiServer.principal(ctx).name();
    return store.write(
        r -> {
          Map<String, Long> ids = new TreeMap<>();
          for (var e : versions.entrySet()) {
            if (!spec.components().contains(e.getKey()))
              throw new ApiException(
                  422,
                  "not_in_application",
                  "application '" + app + "' has no component '" + e.getKey() + "'");
            ComponentVersion v =
                r.versions()
                    .find(e.getKey(), e.getValue())
                    .orElseThrow(
                        () ->
                            ApiException.notFound(
                                "component '"
                                    + e.getKey()
                                    + "' has no version '"
                                    + e.getValue()
                                    + "'"));
            ids.put(e.getKey(), v.id());
          }
          try {
            Snapshot s = r.snapshots().create(app, name, description, ids, by, clock.instant());
            Audit.record(
                r,
                clock.instant(),
                by,
                "snapshot.create",
                app + " " + name,
                "success",
                String.join(
                    ", ",
                    s.versions().stream().map(x -> x.component() + " " + x.version()).toList()));
            return s;
          } catch (Conflict c) {
            throw new ApiException(409, "conflict", c.getMessage());
          }
        });
  }

  /**
   * A snapshot of what an environment runs now: one version per component. Two resources running
   * different versions of one component cannot be one snapshot; that is refused, naming both.
   */
  Snapshot createFromEnvironment(
      Context ctx, String app, String name, String description, String environment) {
    ApiServer.requireRead(ApiServer.scope(ctx).refuseEnvironment(app, environment));
    Map<String, String> running = new LinkedHashMap<>();
    for (InventoryRepository.Entry e : store.read(r -> r.inventory().list(app, environment))) {
      if (e.actual().isEmpty()) continue;
      String component = e.place().component();
      String version = e.actual().get().version();
      String other = running.putIfAbsent(component, version);
      if (other != null && !other.equals(version))
        throw new ApiException(
            409,
            "conflict",
            "environment '"
                + environment
                + "' runs two versions of '"
                + component
                + "' ("
                + other
                + " and "
                + version
                + "): a snapshot holds one");
    }
    if (running.isEmpty())
      throw new ApiException(
          422,
          "nothing_deployed",
          "environment '" + environment + "' of application '" + app + "' runs nothing yet");
    return create(ctx, app, name, description, running);
  }

  private void list(Context ctx) {
    String app = ctx.pathParam("application");
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
    Json.ok(
        ctx,
        store.read(r -> r.snapshots().list(app, Math.max(1, Math.min(limit, 1000)))).stream()
            .map(SnapshotAnswer::of)
            .toList());
  }

  private void one(Context ctx) {
    Json.ok(ctx, SnapshotAnswer.of(find(ctx.pathParam("application"), ctx.pathParam("snapshot"))));
  }

  /** The application's snapshot of this name: 404 naming both when there is none. */
  Snapshot find(String app, String name) {
    return store
        .read(r -> r.snapshots().find(app, name))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "application '" + app + "' has no snapshot named '" + name + "'"));
  }

  private ApplicationSpec application(String app) {
    return store
        .read(r -> r.config().find(ObjectKey.of(Kind.APPLICATION, app)))
        .map(o -> (ApplicationSpec) o)
        .orElseThrow(() -> ApiException.notFound("no application named '" + app + "'"));
  }
}
