package io.shiplock.core.config;

import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.SnapshotSpec;
import java.util.List;

/**
 * What an apply does: the changes to report, the objects to write (secure values carried over from
 * the server where the files leave them out), and the snapshots to create (each also a change).
 */
public record Plan(
    List<Change> changes,
    List<ConfigObject> toSave,
    List<SnapshotSpec> toCreate,
    long revision,
    List<Problem> warnings) {
  public Plan {
    changes = List.copyOf(changes);
    toSave = List.copyOf(toSave);
    toCreate = List.copyOf(toCreate);
    warnings = List.copyOf(warnings);
  }

  /** What was applied, at its revision: the changes and the warnings, nothing left to write. */
  public Plan applied(long revision) {
    return new Plan(changes, List.of(), List.of(), revision, warnings);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public long count(Change.Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  public String summary() {
    if (isEmpty()) return "no changes";
    return count(Change.Action.CREATE)
        + " to create, "
        + count(Change.Action.UPDATE)
        + " to update, "
        + count(Change.Action.DELETE)
        + " to delete";
  }
}
