package io.shiplock.core.model;

import java.time.Duration;

/**
 * Where a component's versions come from: a git branch (each new commit a version, named by a
 * template, its tree as the version's files). {@code pollInterval} null: only webhooks and manual
 * imports. {@code webhookSecret} names a secure property of the component holding the secret that
 * webhook deliveries are signed with.
 */
public record SourceSpec(
    String name,
    String component,
    String description,
    String gitUrl,
    String branch,
    Duration pollInterval,
    String versionName,
    String webhookSecret)
    implements ConfigObject {
  public static final String DEFAULT_VERSION_NAME = "{shortSha}";

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.SOURCE, name);
  }
}
