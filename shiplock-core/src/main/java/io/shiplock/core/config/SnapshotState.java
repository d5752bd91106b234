package io.shiplock.core.config;

import io.shiplock.core.model.SnapshotSpec;
import java.util.Optional;

/**
 * What the planner asks the server about snapshots and component versions, which are not
 * configuration objects. The server answers from the transaction the plan is made in.
 */
public interface SnapshotState {
  /** The application's snapshot of this name, as it exists, or empty. */
  Optional<SnapshotSpec> snapshot(String application, String name);

  boolean versionExists(String component, String version);

  /** A server without snapshots or versions (a plan of files alone). */
  static SnapshotState none() {
    return new SnapshotState() {
      @Override
      public Optional<SnapshotSpec> snapshot(String application, String name) {
        return Optional.empty();
      }

      @Override
      public boolean versionExists(String component, String version) {
        return false;
      }
    };
  }
}
