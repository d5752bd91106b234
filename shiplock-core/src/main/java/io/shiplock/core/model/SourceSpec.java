package io.shiplock.core.model;

import java.time.Duration;

/**
 * Where a component's versions come from: a git branch (each new commit a version, named by a
 * template, its tree as the version's files), or the tags of a repository in a Docker registry
 * ({@code registryUrl}, {@code repository}; one version per tag matching {@code tagFilter}). {@code
 * username} and {@code passwordProperty} (a secure property of the component) are the credentials
 * for a private repository or registry; {@code sshKeyProperty} names one holding an OpenSSH private
 * key for ssh:// repositories. {@code pollInterval} null: only webhooks and manual imports. {@code
 * webhookSecret} names a secure property of the component holding the secret that webhook
 * deliveries are signed with.
 */
public record SourceSpec(
    String name,
    String component,
    String description,
    String gitUrl,
    String branch,
    Duration pollInterval,
    String versionName,
    String webhookSecret,
    String registryUrl,
    String repository,
    String tagFilter,
    String username,
    String passwordProperty,
    String sshKeyProperty)
    implements ConfigObject {
  public boolean isGit() {
    return gitUrl != null;
  }

  public static final String DEFAULT_VERSION_NAME = "{shortSha}";

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.SOURCE, name);
  }
}
