package io.shiplock.server.api.answers;

import io.shiplock.core.store.SnapshotRepository.Snapshot;
import java.time.Instant;
import java.util.List;

/** Snapshots as {@code /api/v1/applications/{application}/snapshots} answers them. */
public final class SnapshotAnswers {
  private SnapshotAnswers() {}

  /** One version in a snapshot. */
  public record SnapshotVersion(String component, String version) {}

  /**
   * The snapshot an environment runs: its last successful request deployed it and its inventory
   * still holds exactly its versions; null when it runs none.
   */
  public record RunningSnapshotAnswer(
      String application, String environment, @Nullable SnapshotAnswer snapshot) {}

  /** A snapshot with its versions (by component) and its statuses. */
  public record SnapshotAnswer(
      String application,
      String name,
      @Nullable String description,
      Instant createdAt,
      @Nullable String createdBy,
      List<SnapshotVersion> versions,
      List<String> statuses) {
    public static SnapshotAnswer of(Snapshot s) {
      return new SnapshotAnswer(
          s.application(),
          s.name(),
          s.description(),
          s.createdAt(),
          s.createdBy(),
          s.versions().stream().map(e -> new SnapshotVersion(e.component(), e.version())).toList(),
          s.statuses());
    }
  }
}
