package io.shiplock.core.config;

import io.shiplock.core.model.SnapshotSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a Snapshot document: application, name, description and component versions. */
final class SnapshotReader {
  /** The snapshot table's description column holds this many characters. */
  static final int MAX_DESCRIPTION = 4000;

  private SnapshotReader() {}

  static SourcedSnapshot read(MapReader r) {
    String app = r.name("application");
    String name = r.name("name");
    String description = r.string("description");
    if (description != null && description.length() > MAX_DESCRIPTION)
      r.error(
          "description",
          "a snapshot's description holds at most " + MAX_DESCRIPTION + " characters");
    if (r.has("statuses"))
      r.error(
          "statuses",
          "a snapshot's statuses are not configuration (as a version's are not): set them with"
              + " shiplock snapshots status add");
    List<Ref> refs = new ArrayList<>();
    if (app != null) refs.add(r.ref(Ref.Type.APPLICATION, null, app, null, "application"));
    Map<String, String> versions = new TreeMap<>();
    Map<String, Location> versionAt = new LinkedHashMap<>();
    if (!r.has("versions")) r.error("versions", "required field 'versions' is missing");
    r.map("versions")
        .ifPresent(
            v -> {
              if (v.keys().isEmpty())
                r.error("versions", "a snapshot needs at least one component version");
              for (String component : v.keys()) {
                String version = v.string(component);
                if ((version == null && !v.has(component))
                    || (version != null && version.isBlank()))
                  v.error(component, "give the name of a version of component '" + component + "'");
                if (version == null || version.isBlank()) continue;
                versions.put(component, version);
                versionAt.put(component, v.at(component));
                if (app != null)
                  refs.add(v.ref(Ref.Type.APP_COMPONENT, app, component, null, component));
              }
            });
    return new SourcedSnapshot(
        new SnapshotSpec(app, name, description, versions), r.location(), versionAt, refs);
  }
}
