package io.shiplock.core.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of configuration documents, in the order they are applied (references point upward).
 * Every kind but {@link #SNAPSHOT} is a {@link ConfigObject} held by the configuration repository.
 */
public enum Kind {
  STATUS("Status", "statuses"),
  AGENT("Agent", "agents"),
  COMPONENT("Component", "components"),
  APPLICATION("Application", "applications"),
  ENVIRONMENT("Environment", "environments"),
  ROLE("Role", "roles"),
  TEAM("Team", "teams"),
  SOURCE("Source", "sources"),
  TRIGGER("Trigger", "triggers"),
  SCHEDULE("Schedule", "schedules"),
  BLACKOUT("Blackout", "blackouts"),
  /**
   * Read, planned and exported with the configuration, but a snapshot is history, not settings: it
   * lives in its own tables (SnapshotRepository), is only ever created, and is never pruned.
   */
  SNAPSHOT("Snapshot", "snapshots");

  private final String yamlName;
  private final String plural;

  Kind(String yamlName, String plural) {
    this.yamlName = yamlName;
    this.plural = plural;
  }

  /** The name used in YAML's {@code kind:} field. */
  public String yamlName() {
    return yamlName;
  }

  /** The name used in URLs and {@code shiplock get}. */
  public String plural() {
    return plural;
  }

  /** False for snapshots: the configuration repository holds none, and they have own routes. */
  public boolean isConfigObject() {
    return this != SNAPSHOT;
  }

  public static Optional<Kind> fromYaml(String name) {
    return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
  }
}
