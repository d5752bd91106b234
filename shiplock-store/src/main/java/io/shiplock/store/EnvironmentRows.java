package io.shiplock.store;

import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.model.ResourceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

final class EnvironmentRows {
  private final Handle h;
  private final PropertyRows props;

  EnvironmentRows(Handle h) {
    this.h = h;
    this.props = new PropertyRows(h);
  }

  private record Row(
      long id,
      String app,
      String name,
      int position,
      String description,
      String gate,
      String approval,
      int concurrency) {}

  /** All environments, or those of one application, or one of them; in pipeline order. */
  List<EnvironmentSpec> load(String app, String name) {
    String sql =
        "SELECT e.id, a.name AS app, e.name, e.position, e.description, e.gate, e.approval, e.concurrency"
            + " FROM environment e JOIN application a ON a.id = e.application_id"
            + (app == null
                ? ""
                : " WHERE a.name = :app" + (name == null ? "" : " AND e.name = :name"))
            + " ORDER BY a.name, e.position, e.name";
    var q = h.createQuery(sql);
    if (app != null) q.bind("app", app);
    if (app != null && name != null) q.bind("name", name);
    return q
        .map(
            (rs, ctx) ->
                new Row(
                    rs.getLong("id"),
                    rs.getString("app"),
                    rs.getString("name"),
                    rs.getInt("position"),
                    rs.getString("description"),
                    rs.getString("gate"),
                    rs.getString("approval"),
                    rs.getInt("concurrency")))
        .list()
        .stream()
        .map(this::toSpec)
        .toList();
  }

  private EnvironmentSpec toSpec(Row r) {
    return new EnvironmentSpec(
        r.app(),
        r.name(),
        r.position(),
        r.description(),
        props.load(PropertyRows.ENVIRONMENT, r.id(), 0),
        props.loadComponentEnvironment(r.id()),
        SpecJson.gate(r.gate()),
        SpecJson.approval(r.approval()),
        resources(r.id()),
        r.concurrency());
  }

  /** NULL for no limit: the column says "no limit" without a magic number. */
  private static Integer concurrency(EnvironmentSpec e) {
    return e.concurrency() == 0 ? null : e.concurrency();
  }

  void save(EnvironmentSpec e) {
    long appId = Rows.requireId(h, "application", e.application());
    var existing =
        h.createQuery("SELECT id FROM environment WHERE application_id = :a AND name = :n")
            .bind("a", appId)
            .bind("n", e.name())
            .mapTo(Long.class)
            .findOne();
    long id;
    if (existing.isPresent()) {
      id = existing.get();
      h.createUpdate(
              "UPDATE environment SET position = :p, description = :d, gate = :g, approval = :ap,"
                  + " concurrency = :c"
                  + " WHERE id = :id")
          .bind("p", e.order())
          .bind("d", e.description())
          .bind("g", SpecJson.gate(e.gate()))
          .bind("ap", SpecJson.approval(e.approval()))
          .bind("c", concurrency(e))
          .bind("id", id)
          .execute();
    } else {
      id =
          h.createUpdate(
                  "INSERT INTO environment (application_id, name, position, description, gate, approval,"
                      + " concurrency) VALUES (:a, :n, :p, :d, :g, :ap, :c)")
              .bind("a", appId)
              .bind("n", e.name())
              .bind("p", e.order())
              .bind("d", e.description())
              .bind("g", SpecJson.gate(e.gate()))
              .bind("ap", SpecJson.approval(e.approval()))
              .bind("c", concurrency(e))
              .executeAndReturnGeneratedKeys("id")
              .mapTo(Long.class)
              .one();
    }
    props.replace(PropertyRows.ENVIRONMENT, id, 0, e.properties());
    h.createUpdate("DELETE FROM property WHERE owner_type = :t AND owner_id = :o")
        .bind("t", PropertyRows.COMPONENT_ENVIRONMENT)
        .bind("o", id)
        .execute();
    for (Map.Entry<String, Map<String, PropertyValue>> cp : e.componentProperties().entrySet()) {
      long componentId = Rows.requireId(h, "component", cp.getKey());
      props.replace(PropertyRows.COMPONENT_ENVIRONMENT, id, componentId, cp.getValue());
    }
    saveResources(id, e.resources());
  }

  private record Flat(String path, String parentPath, int position, ResourceSpec spec) {}

  private static void flatten(List<ResourceSpec> nodes, String parent, List<Flat> out) {
    for (int i = 0; i < nodes.size(); i++) {
      ResourceSpec r = nodes.get(i);
      String path = parent == null ? r.name() : parent + "/" + r.name();
      out.add(new Flat(path, parent, i, r));
      flatten(r.children(), path, out);
    }
  }

  /** Updates the tree in place by path, so resources keep their ids across applies. */
  private void saveResources(long envId, List<ResourceSpec> resources) {
    List<Flat> desired = new ArrayList<>();
    flatten(resources, null, desired);
    Map<String, Long> ids = new HashMap<>();
    h.createQuery("SELECT id, path FROM resource WHERE environment_id = :e")
        .bind("e", envId)
        .map((rs, ctx) -> Map.entry(rs.getString("path"), rs.getLong("id")))
        .forEach(en -> ids.put(en.getKey(), en.getValue()));
    var keep = desired.stream().map(Flat::path).collect(Collectors.toSet());
    for (var en : ids.entrySet()) {
      if (!keep.contains(en.getKey())) {
        h.createUpdate("DELETE FROM resource WHERE id = :id").bind("id", en.getValue()).execute();
      }
    }
    for (Flat f : desired) {
      Long parentId = f.parentPath() == null ? null : ids.get(f.parentPath());
      Long agentId = f.spec().agent() == null ? null : Rows.requireId(h, "agent", f.spec().agent());
      Long componentId =
          f.spec().component() == null
              ? null
              : Rows.requireId(h, "component", f.spec().component());
      Long id = ids.get(f.path());
      if (id != null) {
        h.createUpdate(
                "UPDATE resource SET parent_id = :parent, position = :p, name = :n, agent_id = :ag,"
                    + " component_id = :c WHERE id = :id")
            .bind("parent", parentId)
            .bind("p", f.position())
            .bind("n", f.spec().name())
            .bind("ag", agentId)
            .bind("c", componentId)
            .bind("id", id)
            .execute();
      } else {
        id =
            h.createUpdate(
                    "INSERT INTO resource (environment_id, parent_id, path, position, name, agent_id,"
                        + " component_id) VALUES (:e, :parent, :path, :p, :n, :ag, :c)")
                .bind("e", envId)
                .bind("parent", parentId)
                .bind("path", f.path())
                .bind("p", f.position())
                .bind("n", f.spec().name())
                .bind("ag", agentId)
                .bind("c", componentId)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
        ids.put(f.path(), id);
      }
    }
  }

  private record ResourceRow(long id, Long parentId, String name, String agent, String component) {}

  private List<ResourceSpec> resources(long envId) {
    List<ResourceRow> rows =
        h.createQuery(
                "SELECT r.id, r.parent_id, r.name, a.name AS agent, c.name AS component FROM resource r"
                    + " LEFT JOIN agent a ON a.id = r.agent_id LEFT JOIN component c ON c.id = r.component_id"
                    + " WHERE r.environment_id = :e ORDER BY r.position")
            .bind("e", envId)
            .map(
                (rs, ctx) ->
                    new ResourceRow(
                        rs.getLong("id"),
                        Rows.longOrNull(rs, "parent_id"),
                        rs.getString("name"),
                        rs.getString("agent"),
                        rs.getString("component")))
            .list();
    Map<Long, List<ResourceRow>> children = new LinkedHashMap<>();
    for (ResourceRow r : rows)
      children.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(r);
    return tree(null, children);
  }

  private static List<ResourceSpec> tree(Long parent, Map<Long, List<ResourceRow>> children) {
    return children.getOrDefault(parent, List.of()).stream()
        .map(r -> new ResourceSpec(r.name(), r.agent(), r.component(), tree(r.id(), children)))
        .toList();
  }

  boolean delete(String app, String name) {
    return h.createQuery(
            "SELECT e.id FROM environment e JOIN application a ON a.id = e.application_id"
                + " WHERE a.name = :a AND e.name = :n")
        .bind("a", app)
        .bind("n", name)
        .mapTo(Long.class)
        .findOne()
        .map(this::deleteById)
        .orElse(false);
  }

  void deleteAllOf(long appId) {
    h.createQuery("SELECT id FROM environment WHERE application_id = :a")
        .bind("a", appId)
        .mapTo(Long.class)
        .list()
        .forEach(this::deleteById);
  }

  private boolean deleteById(long id) {
    props.deleteAll(PropertyRows.ENVIRONMENT, id);
    props.deleteAll(PropertyRows.COMPONENT_ENVIRONMENT, id);
    return h.createUpdate("DELETE FROM environment WHERE id = :id").bind("id", id).execute() > 0;
  }
}
