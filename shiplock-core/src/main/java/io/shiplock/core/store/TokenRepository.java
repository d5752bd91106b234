package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TokenRepository {
  ApiToken create(
      long userId, String name, String hash, String prefix, Instant at, Instant expiresAt);

  /** The token with this hash, whether active or not. */
  Optional<ApiToken> findByHash(String hash);

  List<ApiToken> list(long userId);

  /** False when no such active token of that user exists. */
  boolean revoke(long userId, long tokenId, Instant at);

  void markUsed(long tokenId, Instant at);
}
