package io.shiplock.store;

import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Conflict;
import io.shiplock.core.store.VersionFile;
import io.shiplock.core.store.VersionRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

final class JdbiVersionRepository implements VersionRepository {
  private static final String SELECT =
      "SELECT v.id, c.name AS component, v.name, v.description, v.created_at, v.created_by"
          + " FROM component_version v JOIN component c ON c.id = v.component_id";

  private final Handle h;
  private final PropertyRows props;

  JdbiVersionRepository(Handle h) {
    this.h = h;
    this.props = new PropertyRows(h);
  }

  @Override
  public ComponentVersion create(
      String component,
      String name,
      String description,
      Map<String, PropertyValue> properties,
      String createdBy,
      Instant at) {
    // The component's row is locked: two nodes creating one version (a push imported by both)
    // take turns, and the second finds the first's version (a Conflict, not a failed insert).
    long componentId =
        h.createQuery("SELECT id FROM component WHERE name = :name FOR UPDATE")
            .bind("name", component)
            .mapTo(Long.class)
            .findOne()
            .orElseThrow(() -> new Conflict("no component named '" + component + "'"));
    if (find(component, name).isPresent()) {
      throw new Conflict(
          "component '" + component + "' already has a version named '" + name + "'");
    }
    long id =
        h.createUpdate(
                "INSERT INTO component_version (component_id, name, description, created_at, created_by)"
                    + " VALUES (:c, :n, :d, :at, :by)")
            .bind("c", componentId)
            .bind("n", name)
            .bind("d", description)
            .bind("at", at)
            .bind("by", createdBy)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    props.replace(PropertyRows.VERSION, id, 0, properties);
    return find(component, name).orElseThrow();
  }

  @Override
  public Optional<ComponentVersion> find(String component, String name) {
    return h.createQuery(SELECT + " WHERE c.name = :c AND v.name = :n")
        .bind("c", component)
        .bind("n", name)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(this::complete);
  }

  @Override
  public Optional<ComponentVersion> find(long id) {
    return h.createQuery(SELECT + " WHERE v.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(this::complete);
  }

  @Override
  public List<ComponentVersion> findAll(Collection<Long> ids) {
    if (ids.isEmpty()) return List.of();
    return completeAll(
        h.createQuery(SELECT + " WHERE v.id IN (<ids>) ORDER BY v.id")
            .bindList("ids", List.copyOf(ids))
            .map((rs, ctx) -> row(rs))
            .list());
  }

  @Override
  public List<ComponentVersion> list(String component, int limit) {
    return completeAll(
        h.createQuery(
                SELECT + " WHERE c.name = :c ORDER BY v.created_at DESC, v.id DESC LIMIT :limit")
            .bind("c", component)
            .bind("limit", limit)
            .map((rs, ctx) -> row(rs))
            .list());
  }

  /**
   * Statuses and properties of many versions in two queries (not two per version: a page of 1,000
   * versions on PostgreSQL took 250 ms that way).
   */
  private List<ComponentVersion> completeAll(List<ComponentVersion> versions) {
    if (versions.isEmpty()) return versions;
    List<Long> ids = versions.stream().map(ComponentVersion::id).toList();
    Map<Long, List<String>> statuses = new HashMap<>();
    h.createQuery(
            "SELECT vs.version_id, s.name FROM version_status vs"
                + " JOIN status_def s ON s.id = vs.status_id"
                + " WHERE vs.version_id IN (<ids>) ORDER BY vs.version_id, vs.added_at, s.name")
        .bindList("ids", ids)
        .map(
            (rs, ctx) -> {
              statuses
                  .computeIfAbsent(rs.getLong("version_id"), k -> new ArrayList<>())
                  .add(rs.getString("name"));
              return 0;
            })
        .list();
    var properties = props.loadAll(PropertyRows.VERSION, ids);
    Map<Long, Map<String, String>> links = new HashMap<>();
    h.createQuery(
            "SELECT version_id, name, url FROM version_link WHERE version_id IN (<ids>)"
                + " ORDER BY version_id, name")
        .bindList("ids", ids)
        .map(
            (rs, ctx) -> {
              links
                  .computeIfAbsent(rs.getLong("version_id"), k -> new TreeMap<>())
                  .put(rs.getString("name"), rs.getString("url"));
              return 0;
            })
        .list();
    return versions.stream()
        .map(
            v ->
                new ComponentVersion(
                    v.id(),
                    v.component(),
                    v.name(),
                    v.description(),
                    v.createdAt(),
                    v.createdBy(),
                    properties.getOrDefault(v.id(), Map.of()),
                    List.copyOf(statuses.getOrDefault(v.id(), List.of())),
                    links.getOrDefault(v.id(), Map.of())))
        .toList();
  }

  private static ComponentVersion row(ResultSet rs) throws SQLException {
    return new ComponentVersion(
        rs.getLong("id"),
        rs.getString("component"),
        rs.getString("name"),
        rs.getString("description"),
        Rows.instant(rs, "created_at"),
        rs.getString("created_by"),
        Map.of(),
        List.of(),
        Map.of());
  }

  private ComponentVersion complete(ComponentVersion v) {
    return completeAll(List.of(v)).get(0);
  }

  @Override
  public boolean addStatus(long versionId, String status, String by, Instant at) {
    long statusId =
        Rows.id(h, "status_def", status)
            .orElseThrow(() -> new Conflict("no status named '" + status + "'"));
    // Insert-or-nothing: of two nodes adding the status at once, one adds it, the other finds
    // it there (a check before the insert let both insert, and one failed on the primary key).
    return h.createUpdate(
                "INSERT INTO version_status (version_id, status_id, added_at, added_by)"
                    + " VALUES (:v, :s, :at, :by) ON CONFLICT DO NOTHING")
            .bind("v", versionId)
            .bind("s", statusId)
            .bind("at", at)
            .bind("by", by)
            .execute()
        == 1;
  }

  @Override
  public boolean removeStatus(long versionId, String status) {
    return h.createUpdate(
                "DELETE FROM version_status WHERE version_id = :v"
                    + " AND status_id = (SELECT id FROM status_def WHERE name = :s)")
            .bind("v", versionId)
            .bind("s", status)
            .execute()
        > 0;
  }

  @Override
  public int clearStatus(String component, String status) {
    return h.createUpdate(
            "DELETE FROM version_status WHERE status_id = (SELECT id FROM status_def WHERE name = :s)"
                + " AND version_id IN (SELECT v.id FROM component_version v JOIN component c"
                + " ON c.id = v.component_id WHERE c.name = :c)")
        .bind("s", status)
        .bind("c", component)
        .execute();
  }

  @Override
  public void setProperty(long versionId, String name, PropertyValue value) {
    Map<String, PropertyValue> now =
        new TreeMap<>(
            props
                .loadAll(PropertyRows.VERSION, List.of(versionId))
                .getOrDefault(versionId, Map.of()));
    now.put(name, value);
    props.replace(PropertyRows.VERSION, versionId, 0, now);
  }

  @Override
  public void addFiles(long versionId, List<VersionFile> files) {
    var batch =
        h.prepareBatch(
            "INSERT INTO version_file (version_id, path, digest, size, executable)"
                + " VALUES (:v, :p, :d, :s, :x)");
    for (VersionFile f : files) {
      batch
          .bind("v", versionId)
          .bind("p", f.path())
          .bind("d", f.digest())
          .bind("s", f.size())
          .bind("x", f.executable())
          .add();
    }
    if (!files.isEmpty()) batch.execute();
  }

  @Override
  public List<VersionFile> files(long versionId) {
    return h.createQuery(
            "SELECT path, digest, size, executable FROM version_file WHERE version_id = :v"
                + " ORDER BY path")
        .bind("v", versionId)
        .map(
            (rs, ctx) ->
                new VersionFile(
                    rs.getString("path"),
                    rs.getString("digest"),
                    rs.getLong("size"),
                    rs.getBoolean("executable")))
        .list();
  }

  @Override
  public void setLink(long versionId, String name, String url) {
    h.createUpdate("DELETE FROM version_link WHERE version_id = :v AND name = :n")
        .bind("v", versionId)
        .bind("n", name)
        .execute();
    h.createUpdate("INSERT INTO version_link (version_id, name, url) VALUES (:v, :n, :u)")
        .bind("v", versionId)
        .bind("n", name)
        .bind("u", url)
        .execute();
  }

  @Override
  public Optional<String> inUse(long versionId) {
    Optional<Long> request =
        h.createQuery(
                "SELECT request_id FROM request_version WHERE version_id = :v"
                    + " ORDER BY request_id LIMIT 1")
            .bind("v", versionId)
            .mapTo(Long.class)
            .findOne();
    if (request.isPresent()) return Optional.of("it was requested (request " + request.get() + ")");
    boolean installed =
        h.createQuery(
                        "SELECT COUNT(*) FROM inventory WHERE version_id = :v OR desired_version_id = :v")
                    .bind("v", versionId)
                    .mapTo(Long.class)
                    .one()
                + h.createQuery("SELECT COUNT(*) FROM inventory_event WHERE version_id = :v")
                    .bind("v", versionId)
                    .mapTo(Long.class)
                    .one()
            > 0;
    if (installed) return Optional.of("it was deployed");
    return h.createQuery(
            "SELECT s.application, s.name FROM snapshot_version sv"
                + " JOIN snapshot s ON s.id = sv.snapshot_id WHERE sv.version_id = :v"
                + " ORDER BY s.application, s.name")
        .bind("v", versionId)
        .map(
            (rs, ctx) ->
                "snapshot '"
                    + rs.getString("name")
                    + "' of application '"
                    + rs.getString("application")
                    + "' holds it")
        .findFirst();
  }

  @Override
  public void delete(long versionId) {
    props.deleteAll(PropertyRows.VERSION, versionId);
    // Explicitly rather than by ON DELETE CASCADE: SQLite enforces it only with a pragma.
    for (String sql :
        List.of(
            "DELETE FROM version_status WHERE version_id = :v",
            "DELETE FROM version_file WHERE version_id = :v",
            "DELETE FROM version_link WHERE version_id = :v",
            "DELETE FROM trigger_fired WHERE version_id = :v",
            "DELETE FROM component_version WHERE id = :v"))
      h.createUpdate(sql).bind("v", versionId).execute();
  }
}
