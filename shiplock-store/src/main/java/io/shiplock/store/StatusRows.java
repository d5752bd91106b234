package io.shiplock.store;

import io.shiplock.core.model.StatusScope;
import io.shiplock.core.model.StatusSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class StatusRows {
  private static final String SELECT =
      "SELECT name, scope, color, is_unique, required_role, description FROM status_def";
  private final Handle h;

  StatusRows(Handle h) {
    this.h = h;
  }

  List<StatusSpec> all() {
    return h.createQuery(SELECT + " ORDER BY name").map((rs, ctx) -> map(rs)).list();
  }

  Optional<StatusSpec> find(String name) {
    return h.createQuery(SELECT + " WHERE name = :name")
        .bind("name", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private static StatusSpec map(ResultSet rs) throws SQLException {
    return new StatusSpec(
        rs.getString("name"),
        StatusScope.valueOf(rs.getString("scope").toUpperCase(Locale.ROOT)),
        rs.getString("color"),
        rs.getBoolean("is_unique"),
        rs.getString("required_role"),
        rs.getString("description"));
  }

  void save(StatusSpec s) {
    int updated =
        h.createUpdate(
                "UPDATE status_def SET scope = :scope, color = :color, is_unique = :u,"
                    + " required_role = :role, description = :d WHERE name = :name")
            .bind("name", s.name())
            .bind("scope", s.scope().yaml())
            .bind("color", s.color())
            .bind("u", s.unique())
            .bind("role", s.role())
            .bind("d", s.description())
            .execute();
    if (updated == 0) {
      h.createUpdate(
              "INSERT INTO status_def (name, scope, color, is_unique, required_role, description)"
                  + " VALUES (:name, :scope, :color, :u, :role, :d)")
          .bind("name", s.name())
          .bind("scope", s.scope().yaml())
          .bind("color", s.color())
          .bind("u", s.unique())
          .bind("role", s.role())
          .bind("d", s.description())
          .execute();
    }
  }

  boolean delete(String name) {
    return h.createUpdate("DELETE FROM status_def WHERE name = :name").bind("name", name).execute()
        > 0;
  }
}
