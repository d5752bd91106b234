package io.shiplock.core.store;

import java.time.Instant;

/** An API token's record; the token itself is never stored, only its hash. */
public record ApiToken(
    long id,
    long userId,
    String userName,
    String name,
    String prefix,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant lastUsedAt) {
  public boolean isActive(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
