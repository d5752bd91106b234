package io.shiplock.store;

import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.User;
import io.shiplock.core.store.UserRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiUserRepository implements UserRepository {
  private static final String SELECT =
      "SELECT id, name, password_hash, is_admin, created_at, email FROM app_user";
  private final Handle h;

  JdbiUserRepository(Handle h) {
    this.h = h;
  }

  @Override
  public User create(String name, String passwordHash, boolean admin, Instant at) {
    if (find(name).isPresent()) throw new Conflict("user '" + name + "' already exists");
    long id =
        h.createUpdate(
                "INSERT INTO app_user (name, password_hash, is_admin, created_at) VALUES (:n, :p, :a, :at)")
            .bind("n", name)
            .bind("p", passwordHash)
            .bind("a", admin)
            .bind("at", at)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return find(id).orElseThrow();
  }

  @Override
  public Optional<User> find(String name) {
    return h.createQuery(SELECT + " WHERE name = :n")
        .bind("n", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public Optional<User> find(long id) {
    return h.createQuery(SELECT + " WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private static User map(ResultSet rs) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("password_hash"),
        rs.getBoolean("is_admin"),
        Rows.instant(rs, "created_at"),
        rs.getString("email"));
  }

  @Override
  public void setEmail(long id, String email) {
    h.createUpdate("UPDATE app_user SET email = :e WHERE id = :id")
        .bind("e", email)
        .bind("id", id)
        .execute();
  }

  @Override
  public Optional<List<String>> directoryGroups(String name) {
    return h.createQuery("SELECT directory_groups FROM app_user WHERE name = :n")
        .bind("n", name)
        .map((rs, ctx) -> Optional.ofNullable(rs.getString(1)))
        .findOne()
        .flatMap(g -> g)
        .map(JdbiUserRepository::lines);
  }

  private static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  @Override
  public void setDirectoryGroups(long id, List<String> groups) {
    // One name a line: a name with a line break in it cannot be a team's name anyway.
    String text =
        String.join("\n", groups.stream().filter(g -> !g.contains("\n") && !g.isEmpty()).toList());
    h.createUpdate("UPDATE app_user SET directory_groups = :g WHERE id = :id")
        .bind("g", text)
        .bind("id", id)
        .execute();
  }

  @Override
  public List<User> list() {
    return h.createQuery(SELECT + " ORDER BY name").map((rs, ctx) -> map(rs)).list();
  }

  @Override
  public long count() {
    return h.createQuery("SELECT COUNT(*) FROM app_user").mapTo(Long.class).one();
  }
}
