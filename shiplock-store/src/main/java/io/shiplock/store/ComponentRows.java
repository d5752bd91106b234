package io.shiplock.store;

import io.shiplock.core.model.ComponentSpec;
import io.shiplock.core.model.EnvPropertyDef;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class ComponentRows {
  private final Handle h;
  private final PropertyRows props;
  private final ProcessRows processes;

  ComponentRows(Handle h) {
    this.h = h;
    this.props = new PropertyRows(h);
    this.processes = new ProcessRows(h, ProcessRows.COMPONENT);
  }

  /** All components, or only the one named. */
  List<ComponentSpec> load(String name) {
    return Rows.named(h, "component", name).stream()
        .map(
            r ->
                new ComponentSpec(
                    r.name(),
                    r.description(),
                    props.load(PropertyRows.COMPONENT, r.id(), 0),
                    defs(r.id()),
                    processes.load(r.id())))
        .toList();
  }

  private List<EnvPropertyDef> defs(long componentId) {
    return h.createQuery(
            "SELECT name, default_value, secure, description FROM component_env_property"
                + " WHERE component_id = :c ORDER BY position")
        .bind("c", componentId)
        .map(
            (rs, ctx) ->
                new EnvPropertyDef(
                    rs.getString("name"),
                    rs.getString("default_value"),
                    rs.getBoolean("secure"),
                    rs.getString("description")))
        .list();
  }

  void save(ComponentSpec c) {
    long id = Rows.upsertNamed(h, "component", c.name(), c.description());
    props.replace(PropertyRows.COMPONENT, id, 0, c.properties());
    h.createUpdate("DELETE FROM component_env_property WHERE component_id = :c")
        .bind("c", id)
        .execute();
    var batch =
        h.prepareBatch(
            "INSERT INTO component_env_property (component_id, position, name, default_value, secure,"
                + " description) VALUES (:c, :p, :name, :dv, :secure, :d)");
    for (int i = 0; i < c.environmentProperties().size(); i++) {
      EnvPropertyDef d = c.environmentProperties().get(i);
      batch
          .bind("c", id)
          .bind("p", i)
          .bind("name", d.name())
          .bind("dv", d.defaultValue())
          .bind("secure", d.secure())
          .bind("d", d.description())
          .add();
    }
    if (!c.environmentProperties().isEmpty()) batch.execute();
    processes.replace(id, c.processes());
  }

  boolean delete(String name) {
    return Rows.id(h, "component", name)
        .map(
            id -> {
              props.deleteAll(PropertyRows.COMPONENT, id);
              h.createUpdate("DELETE FROM property WHERE owner_type = :t AND sub_id = :c")
                  .bind("t", PropertyRows.COMPONENT_ENVIRONMENT)
                  .bind("c", id)
                  .execute();
              return h.createUpdate("DELETE FROM component WHERE id = :id").bind("id", id).execute()
                  > 0;
            })
        .orElse(false);
  }
}
