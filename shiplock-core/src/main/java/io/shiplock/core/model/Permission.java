package io.shiplock.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a role allows, per application and environment. Administrators hold every permission
 * everywhere.
 */
public enum Permission {
  /** Read configuration, versions, requests, logs and the inventory. */
  VIEW,
  /** Request deployments (run application processes), cancel them, create versions. */
  REQUEST,
  /** Approve or reject requests that wait for approval. */
  APPROVE,
  /** Apply configuration. */
  CONFIGURE,
  /** Manage users and read the audit log. */
  SECURITY,
  /** Issue and revoke agent tokens. */
  AGENTS,
  /** Read the server's metrics ({@code GET /metrics}): what a Prometheus scraper's token holds. */
  METRICS;

  public String yaml() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Permission> fromYaml(String s) {
    return Arrays.stream(values()).filter(p -> p.yaml().equals(s)).findFirst();
  }
}
