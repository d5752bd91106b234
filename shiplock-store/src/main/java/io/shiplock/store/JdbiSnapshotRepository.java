package io.shiplock.store;

import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.SnapshotRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

final class JdbiSnapshotRepository implements SnapshotRepository {
  private static final String SELECT =
      "SELECT id, application, name, description, created_at, created_by FROM snapshot";

  private final Handle h;

  JdbiSnapshotRepository(Handle h) {
    this.h = h;
  }

  @Override
  public Snapshot create(
      String application,
      String name,
      String description,
      Map<String, Long> versions,
      String createdBy,
      Instant at) {
    if (find(application, name).isPresent())
      throw new Conflict(
          "application '" + application + "' already has a snapshot named '" + name + "'");
    long id =
        h.createUpdate(
                "INSERT INTO snapshot (application, name, description, created_at, created_by)"
                    + " VALUES (:a, :n, :d, :at, :by)")
            .bind("a", application)
            .bind("n", name)
            .bind("d", description)
            .bind("at", at)
            .bind("by", createdBy)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    var batch =
        h.prepareBatch(
            "INSERT INTO snapshot_version (snapshot_id, component, version_id) VALUES (:s, :c, :v)");
    for (var e : new TreeMap<>(versions).entrySet())
      batch.bind("s", id).bind("c", e.getKey()).bind("v", e.getValue()).add();
    if (!versions.isEmpty()) batch.execute();
    return find(id).orElseThrow();
  }

  @Override
  public Optional<Snapshot> find(String application, String name) {
    return h.createQuery(SELECT + " WHERE application = :a AND name = :n")
        .bind("a", application)
        .bind("n", name)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(this::whole);
  }

  @Override
  public Optional<Snapshot> find(long id) {
    return h.createQuery(SELECT + " WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(this::whole);
  }

  @Override
  public List<Snapshot> list(String application, int limit) {
    return h
        .createQuery(SELECT + " WHERE application = :a ORDER BY created_at DESC, id DESC LIMIT :l")
        .bind("a", application)
        .bind("l", limit)
        .map((rs, ctx) -> row(rs))
        .list()
        .stream()
        .map(this::whole)
        .toList();
  }

  @Override
  public boolean addStatus(long snapshotId, String status, String by, Instant at) {
    boolean present =
        h.createQuery(
                    "SELECT COUNT(*) FROM snapshot_status WHERE snapshot_id = :s AND status = :st")
                .bind("s", snapshotId)
                .bind("st", status)
                .mapTo(Long.class)
                .one()
            > 0;
    if (present) return false;
    h.createUpdate(
            "INSERT INTO snapshot_status (snapshot_id, status, added_at, added_by)"
                + " VALUES (:s, :st, :at, :by)")
        .bind("s", snapshotId)
        .bind("st", status)
        .bind("at", at)
        .bind("by", by)
        .execute();
    return true;
  }

  @Override
  public boolean removeStatus(long snapshotId, String status) {
    return h.createUpdate("DELETE FROM snapshot_status WHERE snapshot_id = :s AND status = :st")
            .bind("s", snapshotId)
            .bind("st", status)
            .execute()
        > 0;
  }

  @Override
  public int clearStatus(String application, String status) {
    return h.createUpdate(
            "DELETE FROM snapshot_status WHERE status = :st"
                + " AND snapshot_id IN (SELECT id FROM snapshot WHERE application = :a)")
        .bind("st", status)
        .bind("a", application)
        .execute();
  }

  private static Snapshot row(ResultSet rs) throws SQLException {
    return new Snapshot(
        rs.getLong("id"),
        rs.getString("application"),
        rs.getString("name"),
        rs.getString("description"),
        Rows.instant(rs, "created_at"),
        rs.getString("created_by"),
        List.of(),
        List.of());
  }

  /** The row with its versions (by component) and statuses (by name). */
  private Snapshot whole(Snapshot s) {
    List<Entry> versions =
        h.createQuery(
                "SELECT sv.component, sv.version_id, v.name FROM snapshot_version sv"
                    + " JOIN component_version v ON v.id = sv.version_id"
                    + " WHERE sv.snapshot_id = :s ORDER BY sv.component")
            .bind("s", s.id())
            .map(
                (rs, ctx) ->
                    new Entry(
                        rs.getString("component"), rs.getLong("version_id"), rs.getString("name")))
            .list();
    List<String> statuses =
        new ArrayList<>(
            h.createQuery(
                    "SELECT status FROM snapshot_status WHERE snapshot_id = :s ORDER BY status")
                .bind("s", s.id())
                .mapTo(String.class)
                .list());
    return new Snapshot(
        s.id(),
        s.application(),
        s.name(),
        s.description(),
        s.createdAt(),
        s.createdBy(),
        versions,
        statuses);
  }
}
