package io.shiplock.core.insights;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One deployment to an environment as the insights read it: a request that ended (succeeded or
 * failed) and the versions it deployed. A request that names no version and deploys none (an
 * operational process) is not a deployment and never becomes one of these.
 */
public record Deployment(
    long requestId, Instant finishedAt, boolean succeeded, List<Change> versions) {
  public Deployment {
    Objects.requireNonNull(finishedAt, "finishedAt");
    versions = List.copyOf(versions);
  }

  /**
   * A version a deployment deployed. {@code committedAt} is the commit time the git importer
   * recorded (the version property {@code commit.date}), null for a version made otherwise; then
   * the version's creation time stands in for it.
   */
  public record Change(
      String component, String version, long versionId, Instant committedAt, Instant createdAt) {
    public Change {
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /** When the change was made: its commit, else the version's creation. */
    public Instant madeAt() {
      return committedAt != null ? committedAt : createdAt;
    }

    /** Older than {@code other}: made earlier, or made at the same time and created before it. */
    boolean isOlderThan(Change other) {
      int c = madeAt().compareTo(other.madeAt());
      return c < 0 || (c == 0 && versionId < other.versionId);
    }
  }
}
