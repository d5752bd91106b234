package io.shiplock.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Small JDBC helpers shared by the repositories. */
final class Rows {
  private Rows() {}

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /** A nullable BIGINT column; portable, where getObject(column, Long.class) is not (SQLite). */
  static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Optional<Long> id(Handle h, String table, String name) {
    return h.createQuery("SELECT id FROM " + table + " WHERE name = :name")
        .bind("name", name)
        .mapTo(Long.class)
        .findOne();
  }

  static long requireId(Handle h, String table, String name) {
    return id(h, table, name)
        .orElseThrow(() -> new IllegalStateException("no " + table + " named '" + name + "'"));
  }

  /**
   * Inserts or updates a row of a table with (id, name, description) (agent, component,
   * application) and returns its id; an existing row keeps its id, so nothing hanging off it is
   * lost.
   */
  static long upsertNamed(Handle h, String table, String name, String description) {
    Optional<Long> existing = id(h, table, name);
    if (existing.isPresent()) {
      h.createUpdate("UPDATE " + table + " SET description = :d WHERE id = :id")
          .bind("d", description)
          .bind("id", existing.get())
          .execute();
      return existing.get();
    }
    return h.createUpdate("INSERT INTO " + table + " (name, description) VALUES (:name, :d)")
        .bind("name", name)
        .bind("d", description)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** Rows of (id, name, description), optionally only the one with the given name. */
  static List<Named> named(Handle h, String table, String name) {
    String sql = "SELECT id, name, description FROM " + table;
    var q = h.createQuery(name == null ? sql + " ORDER BY name" : sql + " WHERE name = :name");
    if (name != null) q.bind("name", name);
    return q.map(
            (rs, ctx) ->
                new Named(rs.getLong("id"), rs.getString("name"), rs.getString("description")))
        .list();
  }

  record Named(long id, String name, String description) {}
}
