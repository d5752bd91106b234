package io.shiplock.store;

import io.shiplock.core.model.ProcessSpec;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Processes of a component or of an application; {@code ownerColumn} is a constant of ours. */
final class ProcessRows {
  static final String COMPONENT = "component_id";
  static final String APPLICATION = "application_id";

  private final Handle h;
  private final String ownerColumn;

  ProcessRows(Handle h, String ownerColumn) {
    this.h = h;
    this.ownerColumn = ownerColumn;
  }

  List<ProcessSpec> load(long ownerId) {
    return h.createQuery(
            "SELECT name, description, graph FROM process WHERE "
                + ownerColumn
                + " = :o ORDER BY position")
        .bind("o", ownerId)
        .map(
            (rs, ctx) ->
                new ProcessSpec(
                    rs.getString("name"),
                    rs.getString("description"),
                    SpecJson.steps(rs.getString("graph"))))
        .list();
  }

  void replace(long ownerId, List<ProcessSpec> processes) {
    h.createUpdate("DELETE FROM process WHERE " + ownerColumn + " = :o")
        .bind("o", ownerId)
        .execute();
    if (processes.isEmpty()) return;
    var batch =
        h.prepareBatch(
            "INSERT INTO process ("
                + ownerColumn
                + ", position, name, description, graph)"
                + " VALUES (:o, :position, :name, :description, :graph)");
    for (int i = 0; i < processes.size(); i++) {
      ProcessSpec p = processes.get(i);
      batch
          .bind("o", ownerId)
          .bind("position", i)
          .bind("name", p.name())
          .bind("description", p.description())
          .bind("graph", SpecJson.steps(p.steps()))
          .add();
    }
    batch.execute();
  }
}
