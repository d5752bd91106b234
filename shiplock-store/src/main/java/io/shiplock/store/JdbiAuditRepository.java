package io.shiplock.store;

import io.shiplock.core.store.AuditRepository;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class JdbiAuditRepository implements AuditRepository {
  private final Handle h;

  JdbiAuditRepository(Handle h) {
    this.h = h;
  }

  @Override
  public void append(Event e, Instant at) {
    h.createUpdate(
            "INSERT INTO audit_event (at, actor, action, target, outcome, detail)"
                + " VALUES (:at, :actor, :action, :target, :outcome, :detail)")
        .bind("at", at)
        // A failed login records the name typed, whatever its length: cut to the column.
        .bind("actor", cut(e.actor(), 127))
        .bind("action", e.action())
        .bind("target", cut(e.target(), 512))
        .bind("outcome", e.outcome())
        .bind("detail", cut(e.detail(), 4000))
        .execute();
  }

  @Override
  public List<Event> list(Instant since, String actor, String action, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, actor, action, target, outcome, detail FROM audit_event WHERE 1 = 1");
    if (since != null) sql.append(" AND at >= :since");
    if (actor != null) sql.append(" AND actor = :actor");
    if (action != null) sql.append(" AND action LIKE :action");
    sql.append(" ORDER BY id DESC LIMIT :limit");
    var q = h.createQuery(sql.toString()).bind("limit", limit);
    if (since != null) q.bind("since", since);
    if (actor != null) q.bind("actor", actor);
    if (action != null) q.bind("action", action.replace("%", "") + "%");
    return q.map(
            (rs, ctx) ->
                new Event(
                    rs.getLong("id"),
                    Rows.instant(rs, "at"),
                    rs.getString("actor"),
                    rs.getString("action"),
                    rs.getString("target"),
                    rs.getString("outcome"),
                    rs.getString("detail")))
        .list();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
