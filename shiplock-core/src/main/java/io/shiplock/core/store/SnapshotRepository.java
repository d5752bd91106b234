package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Snapshots: named, immutable sets of component versions of an application, one version per
 * component, with statuses of their own.
 */
public interface SnapshotRepository {
  /** A version in a snapshot. */
  record Entry(String component, long versionId, String version) {}

  record Snapshot(
      long id,
      String application,
      String name,
      String description,
      Instant createdAt,
      String createdBy,
      List<Entry> versions,
      List<String> statuses) {
    public Snapshot {
      versions = List.copyOf(versions);
      statuses = List.copyOf(statuses);
    }
  }

  /**
   * Creates a snapshot of these versions (component to version id); fails with {@link Conflict}
   * when the application already has a snapshot of that name.
   */
  Snapshot create(
      String application,
      String name,
      String description,
      Map<String, Long> versions,
      String createdBy,
      Instant at);

  Optional<Snapshot> find(String application, String name);

  Optional<Snapshot> find(long id);

  /** The application's snapshots, newest first. */
  List<Snapshot> list(String application, int limit);

  /** False when the snapshot had the status already. */
  boolean addStatus(long snapshotId, String status, String by, Instant at);

  boolean removeStatus(long snapshotId, String status);

  /** Removes the status from every snapshot of the application (a unique status moves). */
  int clearStatus(String application, String status);
}
