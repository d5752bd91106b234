package io.shiplock.core.model;

import java.util.Map;

/**
 * A snapshot as configuration writes it: an application's named set of component versions
 * (component to version name). Not a {@link ConfigObject}: a snapshot is history kept in its own
 * tables, created once and never changed; its statuses are runtime data, as version statuses are.
 */
public record SnapshotSpec(
    String application, String name, String description, Map<String, String> versions) {
  public SnapshotSpec {
    versions = Maps.sorted(versions);
    // No description and an empty one are the same thing; one spelling keeps comparisons honest.
    if (description != null && description.isEmpty()) description = null;
  }

  public ObjectKey key() {
    return new ObjectKey(Kind.SNAPSHOT, application, name);
  }
}
