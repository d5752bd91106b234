package io.shiplock.store;

import io.shiplock.core.store.OutboxRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiOutboxRepository implements OutboxRepository {
  private final Handle h;

  JdbiOutboxRepository(Handle h) {
    this.h = h;
  }

  @Override
  public long add(String kind, String payload, Instant at) {
    return h.createUpdate("INSERT INTO outbox (kind, payload, created_at) VALUES (:k, :p, :at)")
        .bind("k", kind)
        .bind("p", payload)
        .bind("at", at)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  @Override
  public Optional<Effect> claim(long id, Instant now, Instant leaseUntil) {
    // The conditional update is the claim: of two claimers, one wins.
    int won =
        h.createUpdate(
                "UPDATE outbox SET lease_until = :until WHERE id = :id"
                    + " AND (lease_until IS NULL OR lease_until <= :now)")
            .bind("until", leaseUntil)
            .bind("id", id)
            .bind("now", now)
            .execute();
    if (won == 0) return Optional.empty();
    return h.createQuery("SELECT id, kind, payload, created_at FROM outbox WHERE id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Effect(
                    rs.getLong("id"),
                    rs.getString("kind"),
                    rs.getString("payload"),
                    Rows.instant(rs, "created_at")))
        .findOne();
  }

  @Override
  public List<Long> claimable(Instant now, int limit) {
    return h.createQuery(
            "SELECT id FROM outbox WHERE lease_until IS NULL OR lease_until <= :now"
                + " ORDER BY id LIMIT :limit")
        .bind("now", now)
        .bind("limit", limit)
        .mapTo(Long.class)
        .list();
  }

  @Override
  public Optional<String> kind(long id) {
    return h.createQuery("SELECT kind FROM outbox WHERE id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .findOne();
  }

  @Override
  public void remove(long id) {
    h.createUpdate("DELETE FROM outbox WHERE id = :id").bind("id", id).execute();
  }
}
