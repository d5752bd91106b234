package io.shiplock.core.config;

import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.SnapshotSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides what Snapshot documents change. Snapshots never change, so a snapshot that exists as
 * written is no change, one that exists otherwise is refused, and a new one is created once its
 * application, components and versions check out. None is ever deleted, not even by {@code
 * --prune}: requests and statuses refer to them. Pure: the server's snapshots and versions come
 * through {@link SnapshotState}.
 */
final class SnapshotPlanner {
  private SnapshotPlanner() {}

  /** The snapshots to create; problems are added to {@code problems}. */
  static List<SnapshotSpec> plan(
      List<SourcedSnapshot> docs,
      SnapshotState state,
      Map<ObjectKey, ConfigObject> world,
      ReferenceChecker checker,
      Problems problems) {
    List<SnapshotSpec> create = new ArrayList<>();
    for (SourcedSnapshot doc : docs) {
      SnapshotSpec wanted = doc.snapshot();
      Optional<SnapshotSpec> existing = state.snapshot(wanted.application(), wanted.name());
      if (existing.isPresent()) {
        Difference d = difference(existing.get(), wanted);
        if (d != null)
          problems.add(
              doc.location(),
              d.field(),
              "snapshot '"
                  + wanted.name()
                  + "' of application '"
                  + wanted.application()
                  + "' exists with "
                  + d.what()
                  + "; snapshots never change: give this one a new name");
        continue;
      }
      int before = problems.list().size();
      checker.check(doc.refs(), problems);
      checkVersions(doc, state, world, problems);
      if (problems.list().size() == before) create.add(wanted);
    }
    return create;
  }

  /**
   * Versions are checked only for components of the application: for the others the application
   * reference or the component reference has said what is wrong already.
   */
  private static void checkVersions(
      SourcedSnapshot doc,
      SnapshotState state,
      Map<ObjectKey, ConfigObject> world,
      Problems problems) {
    SnapshotSpec s = doc.snapshot();
    if (!(world.get(ObjectKey.of(Kind.APPLICATION, s.application())) instanceof ApplicationSpec a))
      return;
    s.versions()
        .forEach(
            (component, version) -> {
              if (a.components().contains(component) && !state.versionExists(component, version))
                problems.add(
                    doc.versionAt().get(component),
                    "versions." + component,
                    "component '" + component + "' has no version '" + version + "'");
            });
  }

  /** The field a refusal names and what the existing snapshot has there. */
  private record Difference(String field, String what) {}

  /** How the existing snapshot differs from the one written, or null when they are the same. */
  private static Difference difference(SnapshotSpec existing, SnapshotSpec wanted) {
    if (!existing.versions().equals(wanted.versions())) {
      List<String> diffs = new ArrayList<>();
      TreeSet<String> components = new TreeSet<>(existing.versions().keySet());
      components.addAll(wanted.versions().keySet());
      for (String c : components) {
        String had = existing.versions().get(c);
        String want = wanted.versions().get(c);
        if (Objects.equals(had, want)) continue;
        diffs.add(
            c
                + " "
                + (had == null ? "absent" : "'" + had + "'")
                + ", not "
                + (want == null ? "absent" : "'" + want + "'"));
      }
      return new Difference("versions", "other versions (" + String.join("; ", diffs) + ")");
    }
    if (!Objects.equals(existing.description(), wanted.description()))
      return new Difference("description", "another description");
    return null;
  }
}
