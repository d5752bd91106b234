package io.shiplock.server.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;
import static io.shiplock.server.api.UcdCommand.Param.optional;
import static io.shiplock.server.api.UcdCommand.Param.required;

import io.javalin.http.Context;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * udclient's snapshot commands beyond creating one: statuses (through Shiplock's own handler, with
 * its permissions and audit), the versions a snapshot holds, and an application's snapshots.
 */
final class UcdSnapshots {
  private final Store store;
  private final UcdNames names;
  private final SnapshotStatusHandlers statuses;

  UcdSnapshots(Store store, UcdNames names, SnapshotStatusHandlers statuses) {
    this.store = store;
    this.names = names;
    this.statuses = statuses;
  }

  void status(Context ctx, boolean add) {
    Snapshot s = snapshot(ctx);
    Json.ok(ctx, answer(statuses.change(ctx, s, UcdNames.param(ctx, "statusName", true), add)));
  }

  /** The snapshot's versions, each as getComponentVersions answers one, with its component. */
  void versions(Context ctx) {
    Snapshot s = snapshot(ctx);
    var found =
        store.read(
            r -> r.versions().findAll(s.versions().stream().map(e -> e.versionId()).toList()));
    List<Map<String, Object>> out =
        found.stream()
            .map(
                v -> {
                  Map<String, Object> m = new LinkedHashMap<>(UcdVersions.answer(v));
                  m.put("component", Map.of("name", v.component()));
                  return m;
                })
            .toList();
    Json.ok(ctx, out);
  }

  /** The application's snapshots, newest first ({@code maxResults} below 1 means all). */
  void inApplication(Context ctx) {
    String app = names.application(UcdNames.param(ctx, "application", true));
    int max = 1000;
    String given = ctx.queryParam("maxResults");
    if (given != null && !given.isBlank()) {
      try {
        int n = Integer.parseInt(given.strip());
        if (n > 0) max = Math.min(n, 1000);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("maxResults must be a number, not '" + given + "'");
      }
    }
    int limit = max;
    Json.ok(
        ctx,
        store.read(r -> r.snapshots().list(app, limit)).stream()
            .map(UcdSnapshots::answer)
            .toList());
  }

  /** The snapshot by ID alone, or by name with its application. */
  private Snapshot snapshot(Context ctx) {
    String given = UcdNames.param(ctx, "snapshot", true);
    String appGiven = ctx.queryParam("application");
    if (appGiven == null || appGiven.isBlank()) {
      var number = UcdIds.number(UcdIds.Numbered.SNAPSHOT, given);
      if (number.isEmpty())
        throw ApiException.badRequest(
            "Missing required parameter 'application' (needed when the snapshot is a name)");
      Snapshot s =
          store
              .read(r -> r.snapshots().find(number.getAsLong()))
              .orElseThrow(() -> ApiException.notFound("Snapshot '" + given + "' not found"));
      ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(s.application()));
      return s;
    }
    String app = names.application(appGiven);
    ApiServer.requireRead(ApiServer.scope(ctx).refuseApplication(app));
    return names.snapshot(app, given);
  }

  /** A snapshot as UCD's snapshot commands answer one. */
  static Map<String, Object> answer(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(UcdIds.Numbered.SNAPSHOT, s.id()));
    m.put("name", s.name());
    m.put("description", s.description() == null ? "" : s.description());
    m.put("created", s.createdAt().toEpochMilli());
    m.put("active", true);
    // Shiplock snapshots never change: their versions and configuration are locked.
    m.put("versionsLocked", true);
    m.put("configLocked", true);
    m.put("applicationId", UcdIds.of(ObjectKey.of(Kind.APPLICATION, s.application())));
    m.put("user", s.createdBy() == null ? "" : s.createdBy());
    m.put("statuses", s.statuses());
    return m;
  }

  /**
   * The udclient commands on snapshots' statuses and contents, for the command table and the WADL.
   */
  List<UcdCommand> commands() {
    return List.of(
        UcdCommand.json(
            "addStatusToSnapshot",
            PUT,
            "/snapshot/addStatusToSnapshot",
            "Adds a status (of scope snapshot) to a snapshot.",
            List.of(
                required("snapshot", "Name or ID of the snapshot"),
                optional("application", "Name or ID of the application (with a snapshot name)"),
                required("statusName", "Name of the status")),
            ctx -> status(ctx, true)),
        UcdCommand.json(
            "removeStatusFromSnapshot",
            DELETE,
            "/snapshot/removeStatusFromSnapshot",
            "Removes a status from a snapshot.",
            List.of(
                required("snapshot", "Name or ID of the snapshot"),
                optional("application", "Name or ID of the application (with a snapshot name)"),
                required("statusName", "Name of the status")),
            ctx -> status(ctx, false)),
        UcdCommand.json(
            "getSnapshotVersions",
            GET,
            "/snapshot/getSnapshotVersions",
            "The component versions a snapshot holds.",
            List.of(
                required("snapshot", "Name or ID of the snapshot"),
                optional("application", "Name or ID of the application (with a snapshot name)")),
            this::versions),
        UcdCommand.json(
            "getSnapshotsInApplication",
            GET,
            "/application/snapshotsInApplication",
            "The snapshots of an application, newest first.",
            List.of(
                required("application", "Name or ID of the application"),
                optional("maxResults", "How many at most (below 1: all)")),
            this::inApplication));
  }
}
