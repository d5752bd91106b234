package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.ApprovalRepository;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.SnapshotRepository;
import io.shiplock.core.store.Store;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.core.ucd.UcdStates;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.Timing;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Requesting an application process and following it as UCD's clients do, and the snapshots a
 * request may name.
 */
final class UcdRequests {
  private final Store store;
  private final UcdNames names;
  private final Engine engine;
  private final SnapshotHandlers snapshots;

  UcdRequests(Store store, UcdNames names, Engine engine, SnapshotHandlers snapshots) {
    this.store = store;
    this.names = names;
    this.engine = engine;
    this.snapshots = snapshots;
  }

  void requestProcess(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = names.application(UcdBodies.text(body, "application", true));
    String process = UcdBodies.text(body, "applicationProcess", true);
    String env = names.environment(app, UcdBodies.text(body, "environment", true));
    String snapshot = UcdBodies.text(body, "snapshot", false);
    Instant scheduledFor = ucdDate(UcdBodies.text(body, "date", false));
    if (UcdBodies.text(body, "recurrencePattern", false) != null)
      throw new ApiException(
          501,
          "not_implemented",
          "Recurring requests ('recurrencePattern') are configuration in Shiplock: a 'kind:"
              + " Schedule' document with a cron expression (docs/release-control.md)");
    ApiServer.require(ctx, Permission.REQUEST, app, env);
    Map<String, String> picked = new LinkedHashMap<>();
    JsonNode list = body.path("versions");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray())
      throw ApiException.badRequest("'versions' must be a list of {\"version\", \"component\"}");
    int i = 0;
    for (JsonNode pair : list) {
      String where = "versions[" + i++ + "]";
      String component = names.component(ctx, UcdBodies.text(pair, "component", true, where));
      ComponentVersion v =
          names.version(ctx, component, UcdBodies.text(pair, "version", true, where));
      if (picked.put(component, v.name()) != null)
        throw ApiException.badRequest(where + ": component '" + component + "' is named twice");
    }
    String snapshotName = null;
    if (snapshot != null) {
      // With a snapshot UCD does not use 'versions': the snapshot's versions are deployed.
      var s = names.snapshot(app, snapshot);
      picked = RequestHandlers.fromSnapshot(s);
      snapshotName = s.name();
    }
    Map<String, String> props = new LinkedHashMap<>();
    JsonNode p = body.path("properties");
    if (p.isObject()) for (var e : p.properties()) props.put(e.getKey(), e.getValue().asText());
    else if (!p.isMissingNode() && !p.isNull())
      throw ApiException.badRequest("'properties' must be an object of names and values");
    long id =
        engine.submit(
            app,
            env,
            process,
            picked,
            props,
            snapshotName,
            ApiServer.principal(ctx).name(),
            Timing.at(scheduledFor));
    Json.ok(ctx, Map.of("requestId", UcdIds.of(UcdIds.Numbered.REQUEST, id)));
  }

  private static final DateTimeFormatter UCD_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /**
   * UCD's {@code date}: epoch milliseconds, or {@code yyyy-mm-dd HH:mm} — read in UTC, as the
   * server's time zone is UTC — or an ISO 8601 time with its zone; null for none.
   */
  static Instant ucdDate(String date) {
    if (date == null || date.isBlank()) return null;
    String d = date.strip();
    try {
      if (d.chars().allMatch(Character::isDigit)) return Instant.ofEpochMilli(Long.parseLong(d));
      return LocalDateTime.parse(d, UCD_DATE).toInstant(ZoneOffset.UTC);
    } catch (NumberFormatException | DateTimeParseException e) {
      return RequestHandlers.scheduledFor(d, "date");
    }
  }

  void requestStatus(Context ctx) {
    String given = UcdNames.param(ctx, "request", true);
    var number = UcdIds.number(UcdIds.Numbered.REQUEST, given);
    Request req =
        (number.isPresent()
                ? store.read(r -> r.runs().find(number.getAsLong()))
                : Optional.<Request>empty())
            .filter(q -> ApiServer.scope(ctx).environment(q.application(), q.environment()))
            .orElseThrow(() -> ApiException.notFound("Request '" + given + "' not found"));
    boolean rejected =
        store.read(r -> r.approvals().decisions(req.id())).stream()
            .anyMatch(d -> d.decision() == ApprovalRepository.Verdict.REJECTED);
    String[] ucd = UcdStates.of(req.state(), rejected);
    Json.ok(ctx, Map.of("status", ucd[0], "result", ucd[1]));
  }

  void createSnapshot(Context ctx) {
    JsonNode body = UcdBodies.object(ctx);
    String app = names.application(UcdBodies.text(body, "application", true));
    String name = UcdBodies.text(body, "name", true);
    Map<String, String> picked = new LinkedHashMap<>();
    JsonNode list = body.path("versions");
    if (!list.isArray())
      throw ApiException.badRequest(
          "'versions' must be a list of single-key objects {\"component\": \"version\"}");
    int i = 0;
    for (JsonNode one : list) {
      String where = "versions[" + i++ + "]";
      if (!one.isObject() || one.size() != 1)
        throw ApiException.badRequest(where + " must be one {\"component\": \"version\"}");
      var e = one.properties().iterator().next();
      String component = names.component(ctx, e.getKey());
      ComponentVersion v = names.version(ctx, component, e.getValue().asText());
      if (picked.put(component, v.name()) != null)
        throw ApiException.badRequest(where + ": component '" + component + "' is named twice");
    }
    var s = snapshots.create(ctx, app, name, UcdBodies.text(body, "description", false), picked);
    Json.ok(ctx, answer(s));
  }

  void createSnapshotOfEnvironment(Context ctx) {
    String appGiven = UcdNames.param(ctx, "application", false);
    String given = UcdNames.param(ctx, "environment", true);
    var key = names.environmentKey(appGiven, given);
    var s =
        snapshots.createFromEnvironment(
            ctx,
            key.application(),
            UcdNames.param(ctx, "name", true),
            ctx.queryParam("description"),
            key.name());
    Json.ok(ctx, answer(s));
  }

  /** A snapshot as UCD answers one (UCD-COMPAT.md §3.6). */
  private static Map<String, Object> answer(SnapshotRepository.Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UcdIds.of(UcdIds.Numbered.SNAPSHOT, s.id()));
    m.put("name", s.name());
    m.put("description", s.description() == null ? "" : s.description());
    m.put("created", s.createdAt().toEpochMilli());
    m.put("active", true);
    m.put("locked", true);
    return m;
  }
}
