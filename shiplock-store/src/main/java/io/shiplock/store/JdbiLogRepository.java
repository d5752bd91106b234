package io.shiplock.store;

import io.shiplock.core.store.LogRepository;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class JdbiLogRepository implements LogRepository {
  private final Handle h;

  JdbiLogRepository(Handle h) {
    this.h = h;
  }

  @Override
  public boolean append(long stepId, int attempt, long seq, String data, Instant at) {
    boolean exists =
        h.createQuery(
                    "SELECT COUNT(*) FROM step_log WHERE step_run_id = :s AND attempt = :a AND seq = :q")
                .bind("s", stepId)
                .bind("a", attempt)
                .bind("q", seq)
                .mapTo(Long.class)
                .one()
            > 0;
    if (exists) return false;
    h.createUpdate(
            "INSERT INTO step_log (step_run_id, attempt, seq, data, created_at) VALUES (:s, :a, :q, :d, :at)")
        .bind("s", stepId)
        .bind("a", attempt)
        .bind("q", seq)
        .bind("d", data)
        .bind("at", at)
        .execute();
    return true;
  }

  @Override
  public List<Chunk> read(long stepId, int afterAttempt, long afterSeq, int limit) {
    return h.createQuery(
            "SELECT step_run_id, attempt, seq, data FROM step_log WHERE step_run_id = :s"
                + " AND (attempt > :a OR (attempt = :a AND seq > :q)) ORDER BY attempt, seq LIMIT :limit")
        .bind("s", stepId)
        .bind("a", afterAttempt)
        .bind("q", afterSeq)
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new Chunk(
                    rs.getLong("step_run_id"),
                    rs.getInt("attempt"),
                    rs.getLong("seq"),
                    rs.getString("data")))
        .list();
  }
}
