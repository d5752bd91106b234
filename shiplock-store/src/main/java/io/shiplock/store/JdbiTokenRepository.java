package io.shiplock.store;

import io.shiplock.core.store.ApiToken;
import io.shiplock.core.store.TokenRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiTokenRepository implements TokenRepository {
  private static final String SELECT =
      "SELECT t.id, t.user_id, u.name AS user_name, t.name, t.prefix, t.created_at, t.expires_at,"
          + " t.revoked_at, t.last_used_at FROM api_token t JOIN app_user u ON u.id = t.user_id";
  private final Handle h;

  JdbiTokenRepository(Handle h) {
    this.h = h;
  }

  @Override
  public ApiToken create(
      long userId, String name, String hash, String prefix, Instant at, Instant expiresAt) {
    long id =
        h.createUpdate(
                "INSERT INTO api_token (user_id, name, token_hash, prefix, created_at, expires_at)"
                    + " VALUES (:u, :n, :h, :p, :at, :exp)")
            .bind("u", userId)
            .bind("n", name)
            .bind("h", hash)
            .bind("p", prefix)
            .bind("at", at)
            .bind("exp", expiresAt)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return h.createQuery(SELECT + " WHERE t.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .one();
  }

  @Override
  public Optional<ApiToken> findByHash(String hash) {
    return h.createQuery(SELECT + " WHERE t.token_hash = :h")
        .bind("h", hash)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public List<ApiToken> list(long userId) {
    return h.createQuery(SELECT + " WHERE t.user_id = :u ORDER BY t.id")
        .bind("u", userId)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public boolean revoke(long userId, long tokenId, Instant at) {
    return h.createUpdate(
                "UPDATE api_token SET revoked_at = :at WHERE id = :id AND user_id = :u AND revoked_at IS NULL")
            .bind("at", at)
            .bind("id", tokenId)
            .bind("u", userId)
            .execute()
        > 0;
  }

  @Override
  public void markUsed(long tokenId, Instant at) {
    h.createUpdate("UPDATE api_token SET last_used_at = :at WHERE id = :id")
        .bind("at", at)
        .bind("id", tokenId)
        .execute();
  }

  private static ApiToken map(ResultSet rs) throws SQLException {
    return new ApiToken(
        rs.getLong("id"),
        rs.getLong("user_id"),
        rs.getString("user_name"),
        rs.getString("name"),
        rs.getString("prefix"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "expires_at"),
        Rows.instant(rs, "revoked_at"),
        Rows.instant(rs, "last_used_at"));
  }
}
