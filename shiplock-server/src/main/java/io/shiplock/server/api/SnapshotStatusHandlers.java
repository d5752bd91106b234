package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.SnapshotAnswers.SnapshotAnswer;
import io.shiplock.server.audit.Audit;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Snapshot statuses set by hand, as version statuses are: the status must be configured with {@code
 * scope: snapshot}, its role is required where it has one (else {@code request} on the
 * application), a unique status moves from the application's other snapshots, and each change is
 * audited in the transaction that makes it. Gates may ask for them ({@code snapshotStatuses}).
 */
final class SnapshotStatusHandlers {
  private static final String PATH =
      "/api/v1/applications/{application}/snapshots/{snapshot}/statuses/{status}";

  private final Store store;
  private final Clock clock;

  SnapshotStatusHandlers(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  // The route asks for view; the handler checks the status's role or the request permission.
  List<Route> routes() {
    return List.of(
        Route.put(
                PATH,
                "Adds a snapshot status (the status's role, else request on the application);"
                    + " answers the snapshot.",
                ctx -> Json.ok(ctx, SnapshotAnswer.of(change(ctx, true))))
            .answers(SnapshotAnswer.class),
        Route.delete(
                PATH,
                "Removes a snapshot status (same permission as adding it); answers the snapshot.",
                ctx -> Json.ok(ctx, SnapshotAnswer.of(change(ctx, false))))
            .answers(SnapshotAnswer.class));
  }

  private Snapshot change(Context ctx, boolean add) {
    String app = ctx.pathParam("application");
    String name = ctx.pathParam("snapshot");
    Snapshot s =
        store
            .read(r -> r.snapshots().find(app, name))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "application '" + app + "' has no snapshot named '" + name + "'"));
    return change(ctx, s, ctx.pathParam("status"), add);
  }

  /** Adds or removes a status of a snapshot; answers the snapshot as it is then. */
  Snapshot change(Context ctx, Snapshot s, String name, boolean add) {
    StatusSpec status = snapshotStatus(name);
    String user = ApiServer.principal(ctx).name();
    allow(ctx, status, s.application(), user);
    Instant now = clock.instant();
    return store.write(
        r -> {
          Snapshot cur = r.snapshots().find(s.id()).orElseThrow();
          boolean has = cur.statuses().contains(name);
          if (add && !has) {
            if (status.unique()) r.snapshots().clearStatus(cur.application(), name);
            r.snapshots().addStatus(cur.id(), name, user, now);
          } else if (!add) {
            if (!has)
              throw ApiException.notFound(
                  "snapshot '" + cur.name() + "' does not have status '" + name + "'");
            r.snapshots().removeStatus(cur.id(), name);
          }
          if (!add || !has)
            Audit.record(
                r,
                now,
                user,
                add ? "snapshot.status.add" : "snapshot.status.remove",
                cur.application() + " " + cur.name(),
                "success",
                name);
          return r.snapshots().find(cur.id()).orElseThrow();
        });
  }

  /** The snapshot status named: 404 when none is configured, 422 for another scope. */
  private StatusSpec snapshotStatus(String name) {
    StatusSpec s =
        store
            .read(r -> r.config().find(ObjectKey.of(Kind.STATUS, name)))
            .map(o -> (StatusSpec) o)
            .orElseThrow(() -> ApiException.notFound("no status named '" + name + "'"));
    if (s.scope() != StatusScope.SNAPSHOT)
      throw new ApiException(
          422,
          "wrong_scope",
          "status '"
              + name
              + "' has scope '"
              + s.scope().yaml()
              + "': a snapshot takes statuses of scope 'snapshot'");
    return s;
  }

  /** The status's role where it has one, else the request permission on the application. */
  private static void allow(Context ctx, StatusSpec status, String app, String user) {
    if (!checkedRole(ctx, status, user)) ApiServer.require(ctx, Permission.REQUEST, app, null);
  }

  /**
   * True when the status has a role and the caller holds it; refused (403) when the caller does
   * not; false when the status has no role (the caller's permission decides).
   */
  static boolean checkedRole(Context ctx, StatusSpec status, String user) {
    if (status.role() == null || status.role().isBlank()) return false;
    if (!ApiServer.authorizer(ctx).holdsRole(status.role()))
      throw ApiServer.forbidden(
          "status '"
              + status.name()
              + "' requires role '"
              + status.role()
              + "', which user '"
              + user
              + "' does not hold");
    return true;
  }
}
