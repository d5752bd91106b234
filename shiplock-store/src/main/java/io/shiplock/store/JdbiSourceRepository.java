package io.shiplock.store;

import io.shiplock.core.store.SourceRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiSourceRepository implements SourceRepository {
  private final Handle h;

  JdbiSourceRepository(Handle h) {
    this.h = h;
  }

  @Override
  public Optional<State> state(String source) {
    return h.createQuery(
            "SELECT source, last_sha, last_checked_at, last_imported_at, last_error FROM source_state"
                + " WHERE source = :s")
        .bind("s", source)
        .map(
            (rs, ctx) ->
                new State(
                    rs.getString("source"),
                    rs.getString("last_sha"),
                    Rows.instant(rs, "last_checked_at"),
                    Rows.instant(rs, "last_imported_at"),
                    rs.getString("last_error")))
        .findOne();
  }

  @Override
  public void checked(String source, String lastSha, String error, Instant at) {
    // Insert-or-nothing: two nodes checking a new source at once both get past the first check.
    h.createUpdate("INSERT INTO source_state (source) VALUES (:s) ON CONFLICT DO NOTHING")
        .bind("s", source)
        .execute();
    var u =
        h.createUpdate(
                "UPDATE source_state SET last_checked_at = :at, last_error = :e"
                    + (lastSha == null ? "" : ", last_sha = :sha, last_imported_at = :at")
                    + " WHERE source = :s")
            .bind("s", source)
            .bind("at", at)
            .bind("e", error);
    if (lastSha != null) u.bind("sha", lastSha);
    u.execute();
  }

  @Override
  public boolean leasePoll(
      String source, String holder, Instant now, Instant until, Instant dueBy) {
    h.createUpdate("INSERT INTO source_state (source) VALUES (:s) ON CONFLICT DO NOTHING")
        .bind("s", source)
        .execute();
    // One conditional update: of two nodes at once, the second finds the lease taken.
    return h.createUpdate(
                "UPDATE source_state SET poll_holder = :h, poll_lease_until = :until"
                    + " WHERE source = :s"
                    + " AND (poll_lease_until IS NULL OR poll_lease_until <= :now OR poll_holder = :h)"
                    + " AND (last_checked_at IS NULL OR last_checked_at <= :due)")
            .bind("s", source)
            .bind("h", holder)
            .bind("until", until)
            .bind("now", now)
            .bind("due", dueBy)
            .execute()
        == 1;
  }

  @Override
  public void releasePoll(String source, String holder) {
    h.createUpdate(
            "UPDATE source_state SET poll_holder = NULL, poll_lease_until = NULL"
                + " WHERE source = :s AND poll_holder = :h")
        .bind("s", source)
        .bind("h", holder)
        .execute();
  }

  @Override
  public boolean claim(String trigger, long versionId, Instant at) {
    // Insert-or-nothing: of two concurrent claims one inserts, the other (after waiting for the
    // first to commit) does nothing, and neither fails on the primary key.
    return h.createUpdate(
                "INSERT INTO trigger_fired (trigger_name, version_id, outcome, fired_at)"
                    + " VALUES (:t, :v, 'CLAIMED', :at) ON CONFLICT DO NOTHING")
            .bind("t", trigger)
            .bind("v", versionId)
            .bind("at", at)
            .execute()
        == 1;
  }

  @Override
  public boolean firstDelivery(String source, List<String> keys, Instant at, Instant since) {
    h.createUpdate("DELETE FROM webhook_delivery WHERE received_at < :since")
        .bind("since", since)
        .execute();
    int seen =
        h.createQuery(
                "SELECT COUNT(*) FROM webhook_delivery WHERE source = :s AND delivery_key IN"
                    + " (<keys>)")
            .bind("s", source)
            .bindList("keys", keys)
            .mapTo(Integer.class)
            .one();
    if (seen > 0) return false;
    // Insert-or-nothing: of two nodes receiving the same delivery at once, one inserts.
    boolean first = true;
    for (String key : keys)
      first &=
          h.createUpdate(
                      "INSERT INTO webhook_delivery (source, delivery_key, received_at)"
                          + " VALUES (:s, :k, :at) ON CONFLICT DO NOTHING")
                  .bind("s", source)
                  .bind("k", key)
                  .bind("at", at)
                  .execute()
              == 1;
    return first;
  }

  @Override
  public void fired(String trigger, long versionId, Long requestId, String outcome, String detail) {
    h.createUpdate(
            "UPDATE trigger_fired SET request_id = :r, outcome = :o, detail = :d"
                + " WHERE trigger_name = :t AND version_id = :v")
        .bind("t", trigger)
        .bind("v", versionId)
        .bind("r", requestId)
        .bind("o", outcome)
        .bind("d", detail)
        .execute();
  }
}
