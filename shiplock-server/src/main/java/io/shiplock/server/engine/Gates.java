package io.shiplock.server.engine;

import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.GateSnapshot;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.Repositories;
import java.util.HashSet;
import java.util.Optional;

/**
 * Environment gates over version statuses and the statuses of the snapshot a request deploys,
 * checked when a request is made (refused before anything runs) and again just before each install
 * (a status may have changed meanwhile).
 */
final class Gates {
  private Gates() {}

  /**
   * Why the version, deployed in {@code snapshot} (null when the request names versions), may not
   * enter the environment, or empty when it may.
   */
  static Optional<String> refusal(
      Repositories r, String app, String env, String snapshot, String component, String version) {
    var spec =
        r.config().find(new ObjectKey(Kind.ENVIRONMENT, app, env)).map(o -> (EnvironmentSpec) o);
    if (spec.isEmpty() || spec.get().gate() == null) return Optional.empty();
    var v = r.versions().find(component, version);
    if (v.isEmpty())
      return Optional.of("component '" + component + "' has no version '" + version + "'");
    GateSnapshot inSnapshot = null;
    if (snapshot != null) {
      var s = r.snapshots().find(app, snapshot);
      if (s.isEmpty())
        return Optional.of("application '" + app + "' has no snapshot named '" + snapshot + "'");
      inSnapshot = new GateSnapshot(snapshot, new HashSet<>(s.get().statuses()));
    }
    return spec.get()
        .gate()
        .refusal(new HashSet<>(v.get().statuses()), inSnapshot)
        .map(
            why ->
                "the gate of environment '"
                    + env
                    + "' refuses "
                    + component
                    + " "
                    + version
                    + ": "
                    + why);
  }
}
