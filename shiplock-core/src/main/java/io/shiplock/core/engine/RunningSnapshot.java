package io.shiplock.core.engine;

import io.shiplock.core.store.InventoryRepository.Entry;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * Which snapshot an environment runs. It runs snapshot S when its last successful request deployed
 * S <em>and</em> its inventory still holds exactly S's versions: every component of S is installed
 * somewhere in the environment and every place of such a component runs S's version. A later
 * install of one component by hand (a failed request does not count; a newer successful one
 * replaces the answer) means the environment no longer runs S, and nothing is claimed.
 */
public final class RunningSnapshot {
  private RunningSnapshot() {}

  /** The snapshot the environment runs, read from the store. */
  public static Optional<Snapshot> of(Repositories r, String app, String env) {
    var last = r.runs().lastSucceeded(app, env);
    if (last.isEmpty() || last.get().snapshot() == null) return Optional.empty();
    return r.snapshots()
        .find(app, last.get().snapshot())
        .filter(s -> holds(s, r.inventory().list(app, env)));
  }

  /** Whether the environment's inventory entries hold exactly the snapshot's versions. Pure. */
  public static boolean holds(Snapshot s, List<Entry> inventory) {
    for (var v : s.versions()) {
      var places =
          inventory.stream().filter(e -> e.place().component().equals(v.component())).toList();
      if (places.isEmpty()) return false;
      for (Entry e : places)
        if (e.actual().map(a -> a.versionId() != v.versionId()).orElse(true)) return false;
    }
    return true;
  }
}
