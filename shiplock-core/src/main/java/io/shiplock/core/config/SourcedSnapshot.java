package io.shiplock.core.config;

import io.shiplock.core.model.SnapshotSpec;
import java.util.List;
import java.util.Map;

/**
 * A Snapshot document: the snapshot, where its document starts, where each component's version is
 * written, and its references. They are kept apart from the other documents' references because
 * only a snapshot to create is checked: one that exists as written is history, and its components
 * may have left the application since.
 */
public record SourcedSnapshot(
    SnapshotSpec snapshot, Location location, Map<String, Location> versionAt, List<Ref> refs) {
  public SourcedSnapshot {
    versionAt = Map.copyOf(versionAt);
    refs = List.copyOf(refs);
  }
}
