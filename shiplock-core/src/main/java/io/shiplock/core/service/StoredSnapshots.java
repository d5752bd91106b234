package io.shiplock.core.service;

import io.shiplock.core.config.SnapshotState;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.SnapshotSpec;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.SnapshotRepository.Entry;
import io.shiplock.core.store.SnapshotRepository.Snapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Snapshots as configuration sees them, read and written in the caller's transaction: what the
 * planner asks, the creation of the new ones on apply, and the export.
 */
final class StoredSnapshots implements SnapshotState {
  private final Repositories r;

  StoredSnapshots(Repositories r) {
    this.r = r;
  }

  @Override
  public Optional<SnapshotSpec> snapshot(String application, String name) {
    return r.snapshots().find(application, name).map(StoredSnapshots::spec);
  }

  @Override
  public boolean versionExists(String component, String version) {
    return r.versions().find(component, version).isPresent();
  }

  /**
   * Creates the planned snapshots; their versions were checked by the plan, in this transaction.
   */
  void create(List<SnapshotSpec> snapshots, String by, Instant at) {
    for (SnapshotSpec s : snapshots) {
      Map<String, Long> ids = new TreeMap<>();
      s.versions()
          .forEach(
              (component, version) ->
                  ids.put(
                      component,
                      r.versions()
                          .find(component, version)
                          .map(ComponentVersion::id)
                          .orElseThrow()));
      r.snapshots().create(s.application(), s.name(), s.description(), ids, by, at);
    }
  }

  /**
   * The snapshots of the applications configured, by application and name so that an export is
   * stable. Those of an application deleted since stay in the database, out of the export: they
   * could not be applied anywhere.
   */
  List<SnapshotSpec> all() {
    return r.config().list(Kind.APPLICATION).stream()
        .flatMap(a -> r.snapshots().list(a.name(), Integer.MAX_VALUE).stream())
        .map(StoredSnapshots::spec)
        .sorted(Comparator.comparing(SnapshotSpec::application).thenComparing(SnapshotSpec::name))
        .toList();
  }

  private static SnapshotSpec spec(Snapshot s) {
    Map<String, String> versions = new TreeMap<>();
    for (Entry e : s.versions()) versions.put(e.component(), e.version());
    return new SnapshotSpec(s.application(), s.name(), s.description(), versions);
  }
}
