package io.shiplock.store;

import io.shiplock.core.model.AgentSpec;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class AgentRows {
  private final Handle h;
  private final PropertyRows props;

  AgentRows(Handle h) {
    this.h = h;
    this.props = new PropertyRows(h);
  }

  /** All agents, or only the one named. */
  List<AgentSpec> load(String name) {
    return Rows.named(h, "agent", name).stream()
        .map(
            r ->
                new AgentSpec(r.name(), r.description(), props.load(PropertyRows.AGENT, r.id(), 0)))
        .toList();
  }

  void save(AgentSpec a) {
    long id = Rows.upsertNamed(h, "agent", a.name(), a.description());
    props.replace(PropertyRows.AGENT, id, 0, a.properties());
  }

  boolean delete(String name) {
    return Rows.id(h, "agent", name)
        .map(
            id -> {
              props.deleteAll(PropertyRows.AGENT, id);
              return h.createUpdate("DELETE FROM agent WHERE id = :id").bind("id", id).execute()
                  > 0;
            })
        .orElse(false);
  }
}
