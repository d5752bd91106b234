package io.shiplock.store;

import io.shiplock.core.insights.Deployment;
import io.shiplock.core.insights.Deployment.Change;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * An environment's deployment history for the delivery insights: ended requests with the versions
 * they deployed, each version's creation time and the commit time the git importer recorded as its
 * property {@code commit.date}.
 */
final class DeploymentRows {
  private static final String ENDED =
      " FROM request r WHERE r.application = :a AND r.environment = :e"
          + " AND r.state IN ('SUCCEEDED', 'FAILED') AND r.finished_at IS NOT NULL"
          + " AND r.finished_at < :until";

  // The version's columns, and its commit time when an import recorded one.
  private static final String VERSION =
      " JOIN component_version cv ON cv.id = x.version_id"
          + " LEFT JOIN property p ON p.owner_type = '"
          + PropertyRows.VERSION
          + "' AND p.owner_id = cv.id AND p.sub_id = 0 AND p.name = 'commit.date'";

  private final Handle h;

  DeploymentRows(Handle h) {
    this.h = h;
  }

  /** A version row of a request: from its targets ({@code target}) or as it was named. */
  private record Row(long requestId, boolean target, Change change) {}

  List<Deployment> deployments(String app, String env, Instant until) {
    Map<Long, Deployment> requests = new LinkedHashMap<>();
    h.createQuery("SELECT r.id, r.finished_at, r.state" + ENDED + " ORDER BY r.finished_at, r.id")
        .bind("a", app)
        .bind("e", env)
        .bind("until", until)
        .map(
            (rs, ctx) ->
                new Deployment(
                    rs.getLong("id"),
                    Rows.instant(rs, "finished_at"),
                    rs.getString("state").equals("SUCCEEDED"),
                    List.of()))
        .forEach(d -> requests.put(d.requestId(), d));
    if (requests.isEmpty()) return List.of();
    // UNION ALL, not UNION: the property value is a CLOB on H2, which a UNION cannot compare.
    List<Row> rows =
        h.createQuery(
                "SELECT x.request_id, 1 AS from_target, x.component, cv.name, cv.id, cv.created_at,"
                    + " p.prop_value FROM step_run x"
                    + VERSION
                    + " WHERE x.node = 'target' AND x.version_id IS NOT NULL AND x.request_id IN"
                    + " (SELECT r.id"
                    + ENDED
                    + ") UNION ALL SELECT x.request_id, 0, x.component, cv.name, cv.id,"
                    + " cv.created_at, p.prop_value FROM request_version x"
                    + VERSION
                    + " WHERE x.request_id IN (SELECT r.id"
                    + ENDED
                    + ")")
            .bind("a", app)
            .bind("e", env)
            .bind("until", until)
            .map(
                (rs, ctx) ->
                    new Row(
                        rs.getLong(1),
                        rs.getInt(2) == 1,
                        new Change(
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            commitTime(rs.getString(7)),
                            Rows.instant(rs, 6))))
            .list();
    Map<Long, List<Row>> byRequest = new HashMap<>();
    for (Row row : rows)
      byRequest.computeIfAbsent(row.requestId(), k -> new ArrayList<>()).add(row);
    return requests.values().stream()
        .map(d -> withVersions(d, byRequest.getOrDefault(d.requestId(), List.of())))
        .filter(d -> !d.versions().isEmpty())
        .toList();
  }

  /**
   * What a request deployed, per component: the versions its targets worked on (the requested one,
   * or the earlier one a rollback put back), else the one it named (an install that failed before
   * reaching a target still tried to deploy it).
   */
  private static Deployment withVersions(Deployment d, List<Row> rows) {
    Map<String, Map<Long, Change>> targets = new LinkedHashMap<>();
    Map<String, Change> named = new LinkedHashMap<>();
    for (Row row : rows) {
      Change c = row.change();
      if (row.target())
        targets.computeIfAbsent(c.component(), k -> new LinkedHashMap<>()).put(c.versionId(), c);
      else named.put(c.component(), c);
    }
    List<Change> versions = new ArrayList<>();
    for (var e : targets.entrySet()) versions.addAll(e.getValue().values());
    for (var e : named.entrySet()) if (!targets.containsKey(e.getKey())) versions.add(e.getValue());
    return new Deployment(d.requestId(), d.finishedAt(), d.succeeded(), versions);
  }

  /** The recorded commit time; null when there is none or it is not an instant. */
  private static Instant commitTime(String text) {
    if (text == null) return null;
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
