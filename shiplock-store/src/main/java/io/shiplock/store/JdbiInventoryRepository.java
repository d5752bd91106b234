package io.shiplock.store;

import io.shiplock.core.store.InventoryRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiInventoryRepository implements InventoryRepository {
  private static final String SELECT =
      "SELECT i.id, i.application, i.environment, i.resource_path, i.component,"
          + " i.desired_version_id, dv.name AS desired_name, i.desired_request_id, i.desired_since,"
          + " i.version_id, av.name AS actual_name, i.request_id, i.since"
          + " FROM inventory i"
          + " LEFT JOIN component_version dv ON dv.id = i.desired_version_id"
          + " LEFT JOIN component_version av ON av.id = i.version_id";

  private final Handle h;

  JdbiInventoryRepository(Handle h) {
    this.h = h;
  }

  @Override
  public void installStarted(Place place, long versionId, long requestId, Instant at) {
    long id = idOrCreate(place);
    h.createUpdate(
            "UPDATE inventory SET desired_version_id = :v, desired_request_id = :r,"
                + " desired_since = :at WHERE id = :id")
        .bind("v", versionId)
        .bind("r", requestId)
        .bind("at", at)
        .bind("id", id)
        .execute();
    event(id, versionId, requestId, "install-started", null, at);
  }

  @Override
  public void installEnded(
      Place place, long versionId, long requestId, boolean succeeded, String detail, Instant at) {
    long id = idOrCreate(place);
    if (succeeded) {
      h.createUpdate(
              "UPDATE inventory SET version_id = :v, request_id = :r, since = :at WHERE id = :id")
          .bind("v", versionId)
          .bind("r", requestId)
          .bind("at", at)
          .bind("id", id)
          .execute();
    } else {
      // What should be there is again what is there: the failed attempt stays in the history
      // only, and no pending install is shown.
      h.createUpdate(
              "UPDATE inventory SET desired_version_id = version_id, desired_request_id = request_id,"
                  + " desired_since = since WHERE id = :id")
          .bind("id", id)
          .execute();
      h.createUpdate(
              "DELETE FROM inventory_status WHERE inventory_id = :id AND version_id = :v"
                  + " AND version_id <> COALESCE((SELECT version_id FROM inventory WHERE id = :id), -1)")
          .bind("id", id)
          .bind("v", versionId)
          .execute();
    }
    event(id, versionId, requestId, succeeded ? "installed" : "install-failed", detail, at);
  }

  @Override
  public boolean addStatus(Place place, long versionId, String status, long requestId, Instant at) {
    long id = idOrCreate(place);
    boolean present =
        h.createQuery(
                    "SELECT COUNT(*) FROM inventory_status WHERE inventory_id = :id"
                        + " AND version_id = :v AND status = :s")
                .bind("id", id)
                .bind("v", versionId)
                .bind("s", status)
                .mapTo(Long.class)
                .one()
            > 0;
    if (present) return false;
    h.createUpdate(
            "INSERT INTO inventory_status (inventory_id, version_id, status, added_at, request_id)"
                + " VALUES (:id, :v, :s, :at, :r)")
        .bind("id", id)
        .bind("v", versionId)
        .bind("s", status)
        .bind("at", at)
        .bind("r", requestId)
        .execute();
    event(id, versionId, requestId, "status-added", status, at);
    return true;
  }

  @Override
  public boolean removeStatus(
      Place place, long versionId, String status, long requestId, Instant at) {
    Optional<Entry> e = find(place);
    if (e.isEmpty()) return false;
    int n =
        h.createUpdate(
                "DELETE FROM inventory_status WHERE inventory_id = :id AND version_id = :v"
                    + " AND status = :s")
            .bind("id", e.get().id())
            .bind("v", versionId)
            .bind("s", status)
            .execute();
    if (n > 0) event(e.get().id(), versionId, requestId, "status-removed", status, at);
    return n > 0;
  }

  @Override
  public Optional<Entry> find(Place place) {
    return h.createQuery(
            SELECT
                + " WHERE i.application = :a AND i.environment = :e AND i.resource_path = :p"
                + " AND i.component = :c")
        .bind("a", place.application())
        .bind("e", place.environment())
        .bind("p", place.resourcePath())
        .bind("c", place.component())
        .map((rs, ctx) -> row(rs))
        .findOne()
        .map(this::withStatuses);
  }

  @Override
  public List<Entry> list(String application, String environment) {
    var q =
        h.createQuery(
                SELECT
                    + " WHERE i.application = :a"
                    + (environment == null ? "" : " AND i.environment = :e")
                    + " ORDER BY i.environment, i.resource_path, i.component")
            .bind("a", application);
    if (environment != null) q.bind("e", environment);
    return withStatuses(q.map((rs, ctx) -> row(rs)).list());
  }

  /** The statuses of many entries in one query (pages list a whole application). */
  private List<Entry> withStatuses(List<Entry> entries) {
    if (entries.isEmpty()) return entries;
    record Row(long inventoryId, long versionId, StatusAt status) {}
    Map<Long, List<Row>> byEntry = new HashMap<>();
    h.createQuery(
            "SELECT inventory_id, version_id, status, added_at, request_id FROM inventory_status"
                + " WHERE inventory_id IN (<ids>) ORDER BY added_at, status")
        .bindList("ids", entries.stream().map(Entry::id).toList())
        .map(
            (rs, ctx) ->
                new Row(
                    rs.getLong("inventory_id"),
                    rs.getLong("version_id"),
                    new StatusAt(
                        rs.getString("status"),
                        Rows.instant(rs, "added_at"),
                        rs.getLong("request_id"))))
        .forEach(r -> byEntry.computeIfAbsent(r.inventoryId(), k -> new ArrayList<>()).add(r));
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      Optional<VersionAt> shown = e.actual().or(e::desired);
      List<StatusAt> statuses = new ArrayList<>();
      if (shown.isPresent())
        for (Row r : byEntry.getOrDefault(e.id(), List.of()))
          if (r.versionId() == shown.get().versionId()) statuses.add(r.status());
      out.add(new Entry(e.id(), e.place(), e.desired(), e.actual(), statuses));
    }
    return out;
  }

  @Override
  public Map<Place, Event> lastInstalls(String application) {
    Map<Place, Event> out = new HashMap<>();
    h.createQuery(
            "SELECT i.application, i.environment, i.resource_path, i.component, ev.version_id,"
                + " v.name, ev.request_id, ev.event, ev.detail, ev.at"
                + " FROM inventory i JOIN inventory_event ev ON ev.inventory_id = i.id"
                + " LEFT JOIN component_version v ON v.id = ev.version_id"
                + " WHERE i.application = :a AND ev.id ="
                + " (SELECT MAX(e2.id) FROM inventory_event e2 WHERE e2.inventory_id = i.id"
                + " AND e2.event IN ('installed', 'install-failed'))")
        .bind("a", application)
        .map(
            (rs, ctx) ->
                Map.entry(
                    new Place(
                        rs.getString("application"),
                        rs.getString("environment"),
                        rs.getString("resource_path"),
                        rs.getString("component")),
                    event(rs)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Event event(ResultSet rs) throws SQLException {
    return new Event(
        rs.getLong("version_id"),
        rs.getString("name"),
        rs.getLong("request_id"),
        rs.getString("event"),
        rs.getString("detail"),
        Rows.instant(rs, "at"));
  }

  @Override
  public List<Event> history(Place place, int limit) {
    return h.createQuery(
            "SELECT ev.version_id, v.name, ev.request_id, ev.event, ev.detail, ev.at"
                + " FROM inventory_event ev JOIN inventory i ON i.id = ev.inventory_id"
                + " LEFT JOIN component_version v ON v.id = ev.version_id"
                + " WHERE i.application = :a AND i.environment = :e AND i.resource_path = :p"
                + " AND i.component = :c ORDER BY ev.id DESC LIMIT :limit")
        .bind("a", place.application())
        .bind("e", place.environment())
        .bind("p", place.resourcePath())
        .bind("c", place.component())
        .bind("limit", limit)
        .map((rs, ctx) -> event(rs))
        .list();
  }

  @Override
  public Optional<VersionAt> previous(Place place) {
    Optional<Entry> e = find(place);
    Long current = e.flatMap(Entry::actual).map(VersionAt::versionId).orElse(null);
    return history(place, 10_000).stream()
        .filter(ev -> ev.event().equals("installed"))
        .filter(ev -> current == null || ev.versionId() != current)
        .findFirst()
        .map(ev -> new VersionAt(ev.versionId(), ev.version(), ev.requestId(), ev.at()));
  }

  /**
   * The entry's id, made when missing. Concurrent first installs into one place race here: the
   * insert does nothing when another transaction made the row (waiting for it to commit), and the
   * read after it sees that row, so no install fails on the unique index.
   */
  private long idOrCreate(Place place) {
    Optional<Long> id = entryId(place);
    if (id.isPresent()) return id.get();
    h.createUpdate(
            "INSERT INTO inventory (application, environment, resource_path, component)"
                + " VALUES (:a, :e, :p, :c) ON CONFLICT DO NOTHING")
        .bind("a", place.application())
        .bind("e", place.environment())
        .bind("p", place.resourcePath())
        .bind("c", place.component())
        .execute();
    return entryId(place)
        .orElseThrow(() -> new IllegalStateException("inventory entry not made: " + place));
  }

  private Optional<Long> entryId(Place place) {
    return h.createQuery(
            "SELECT id FROM inventory WHERE application = :a AND environment = :e"
                + " AND resource_path = :p AND component = :c")
        .bind("a", place.application())
        .bind("e", place.environment())
        .bind("p", place.resourcePath())
        .bind("c", place.component())
        .mapTo(Long.class)
        .findOne();
  }

  private void event(
      long id, Long versionId, long requestId, String event, String detail, Instant at) {
    h.createUpdate(
            "INSERT INTO inventory_event (inventory_id, version_id, request_id, event, detail, at)"
                + " VALUES (:id, :v, :r, :ev, :d, :at)")
        .bind("id", id)
        .bind("v", versionId)
        .bind("r", requestId)
        .bind("ev", event)
        .bind(
            "d",
            detail == null || detail.length() <= 255 ? detail : detail.substring(0, 252) + "...")
        .bind("at", at)
        .execute();
  }

  private Entry withStatuses(Entry e) {
    Optional<VersionAt> shown = e.actual().or(e::desired);
    if (shown.isEmpty()) return e;
    List<StatusAt> statuses =
        h.createQuery(
                "SELECT status, added_at, request_id FROM inventory_status"
                    + " WHERE inventory_id = :id AND version_id = :v ORDER BY added_at, status")
            .bind("id", e.id())
            .bind("v", shown.get().versionId())
            .map(
                (rs, ctx) ->
                    new StatusAt(
                        rs.getString("status"),
                        Rows.instant(rs, "added_at"),
                        rs.getLong("request_id")))
            .list();
    return new Entry(e.id(), e.place(), e.desired(), e.actual(), new ArrayList<>(statuses));
  }

  private static Entry row(ResultSet rs) throws SQLException {
    Place place =
        new Place(
            rs.getString("application"),
            rs.getString("environment"),
            rs.getString("resource_path"),
            rs.getString("component"));
    Optional<VersionAt> desired =
        rs.getObject("desired_version_id") == null
            ? Optional.empty()
            : Optional.of(
                new VersionAt(
                    rs.getLong("desired_version_id"),
                    rs.getString("desired_name"),
                    rs.getLong("desired_request_id"),
                    Rows.instant(rs, "desired_since")));
    Optional<VersionAt> actual =
        rs.getObject("version_id") == null
            ? Optional.empty()
            : Optional.of(
                new VersionAt(
                    rs.getLong("version_id"),
                    rs.getString("actual_name"),
                    rs.getLong("request_id"),
                    Rows.instant(rs, "since")));
    return new Entry(rs.getLong("id"), place, desired, actual, List.of());
  }
}
