package io.shiplock.store;

import io.shiplock.core.model.ApplicationSpec;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class ApplicationRows {
  private final Handle h;
  private final PropertyRows props;
  private final ProcessRows processes;

  ApplicationRows(Handle h) {
    this.h = h;
    this.props = new PropertyRows(h);
    this.processes = new ProcessRows(h, ProcessRows.APPLICATION);
  }

  /** All applications, or only the one named. */
  List<ApplicationSpec> load(String name) {
    return Rows.named(h, "application", name).stream()
        .map(
            r ->
                new ApplicationSpec(
                    r.name(),
                    r.description(),
                    components(r.id()),
                    props.load(PropertyRows.APPLICATION, r.id(), 0),
                    processes.load(r.id())))
        .toList();
  }

  private List<String> components(long appId) {
    return h.createQuery(
            "SELECT c.name FROM application_component ac JOIN component c ON c.id = ac.component_id"
                + " WHERE ac.application_id = :a ORDER BY ac.position")
        .bind("a", appId)
        .mapTo(String.class)
        .list();
  }

  void save(ApplicationSpec a) {
    long id = Rows.upsertNamed(h, "application", a.name(), a.description());
    props.replace(PropertyRows.APPLICATION, id, 0, a.properties());
    h.createUpdate("DELETE FROM application_component WHERE application_id = :a")
        .bind("a", id)
        .execute();
    for (int i = 0; i < a.components().size(); i++) {
      h.createUpdate(
              "INSERT INTO application_component (application_id, component_id, position)"
                  + " SELECT :a, id, :p FROM component WHERE name = :name")
          .bind("a", id)
          .bind("p", i)
          .bind("name", a.components().get(i))
          .execute();
    }
    processes.replace(id, a.processes());
  }

  boolean delete(String name) {
    return Rows.id(h, "application", name)
        .map(
            id -> {
              props.deleteAll(PropertyRows.APPLICATION, id);
              new EnvironmentRows(h).deleteAllOf(id);
              return h.createUpdate("DELETE FROM application WHERE id = :id")
                      .bind("id", id)
                      .execute()
                  > 0;
            })
        .orElse(false);
  }
}
