package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.VersionAnswers.VersionAnswer;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.engine.Effect;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Version statuses set by hand, as the {@code version.status.add|remove} steps set them: a unique
 * status moves, the status's role is required where it has one, the change is audited, and triggers
 * on the added status fire before the answer.
 */
final class VersionStatusHandlers {
  private static final String PATH =
      "/api/v1/components/{component}/versions/{version}/statuses/{status}";

  private final Store store;
  private final Clock clock;
  private final Engine engine;

  VersionStatusHandlers(Store store, Clock clock, Engine engine) {
    this.store = store;
    this.clock = clock;
    this.engine = engine;
  }

  // The route asks for view; the handler checks the status's role or the request permission,
  // which depend on the status and the component's applications, not on the path's scope.
  List<Route> routes() {
    return List.of(
        Route.post(
                PATH,
                "Adds a version status by hand (the status's role, else request on an application"
                    + " of the component); answers the version.",
                ctx -> Json.ok(ctx, VersionAnswer.of(change(ctx, true))))
            .answers(VersionAnswer.class),
        Route.delete(
                PATH,
                "Removes a version status by hand (same permission as adding it); answers the"
                    + " version.",
                ctx -> Json.ok(ctx, VersionAnswer.of(change(ctx, false))))
            .answers(VersionAnswer.class));
  }

  private ComponentVersion change(Context ctx, boolean add) {
    return change(
        ctx,
        ctx.pathParam("component"),
        VersionHandlers.version(store, ctx),
        ctx.pathParam("status"),
        add);
  }

  /** Adds or removes a status of a version by hand; answers the version as it is then. */
  ComponentVersion change(
      Context ctx, String component, ComponentVersion v, String name, boolean add) {
    StatusSpec status = versionStatus(name);
    String user = ApiServer.principal(ctx).name();
    allow(ctx, status, component, user);
    Instant now = clock.instant();
    boolean[] added = {false};
    List<Long> effects = new ArrayList<>();
    ComponentVersion after =
        store.write(
            r -> {
              // Read again in the transaction: the answer and the audit entry say what was done.
              ComponentVersion cur =
                  r.versions()
                      .find(v.id())
                      .orElseThrow(
                          () ->
                              ApiException.notFound(
                                  "component '"
                                      + component
                                      + "' has no version '"
                                      + v.name()
                                      + "'"));
              boolean has = cur.statuses().contains(name);
              if (add && !has) {
                // A unique status moves: it leaves every other version of the component.
                if (status.unique()) r.versions().clearStatus(component, name);
                added[0] = r.versions().addStatus(cur.id(), name, user, now);
                if (added[0])
                  effects.add(
                      Outbox.record(
                          r, now, new Effect.StatusAdded(component, cur.id(), cur.name(), name)));
              } else if (!add) {
                if (!has)
                  throw ApiException.notFound(
                      component + " " + v.name() + " does not have status '" + name + "'");
                r.versions().removeStatus(cur.id(), name);
              }
              if (!add || added[0])
                Audit.record(
                    r,
                    now,
                    user,
                    add ? "status.add" : "status.remove",
                    component + " " + v.name(),
                    "success",
                    name + " (by hand)");
              return r.versions().find(cur.id()).orElseThrow();
            });
    engine.applyCommitted(effects);
    return after;
  }

  /** The version status the path names: 404 when none is configured, 422 for another scope. */
  private StatusSpec versionStatus(String name) {
    StatusSpec s =
        store
            .read(r -> r.config().find(ObjectKey.of(Kind.STATUS, name)))
            .map(o -> (StatusSpec) o)
            .orElseThrow(() -> ApiException.notFound("no status named '" + name + "'"));
    if (s.scope() != StatusScope.VERSION)
      throw new ApiException(
          422,
          "wrong_scope",
          "status '"
              + name
              + "' has scope '"
              + s.scope().yaml()
              + "': it is set on what runs in an environment (inventory.status.add), not on a"
              + " version");
    return s;
  }

  /** The status's role where it has one, else the request permission on an application of it. */
  private void allow(Context ctx, StatusSpec status, String component, String user) {
    if (SnapshotStatusHandlers.checkedRole(ctx, status, user)) return;
    ComponentAccess.require(ctx, store, Permission.REQUEST, component);
  }
}
