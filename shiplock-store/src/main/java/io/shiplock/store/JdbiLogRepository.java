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
  public Appended append(long stepId, int attempt, long seq, String data, Instant at, long limit) {
    boolean exists =
        h.createQuery(
                    "SELECT COUNT(*) FROM step_log WHERE step_run_id = :s AND attempt = :a AND seq = :q")
                .bind("s", stepId)
                .bind("a", attempt)
                .bind("q", seq)
                .mapTo(Long.class)
                .one()
            > 0;
    if (exists) return Appended.DUPLICATE;
    h.createUpdate(
            "INSERT INTO step_log_usage (step_run_id, attempt, chars, dropped, closed)"
                + " VALUES (:s, :a, 0, 0, 0) ON CONFLICT DO NOTHING")
        .bind("s", stepId)
        .bind("a", attempt)
        .execute();
    long used = usage(stepId, attempt, "chars");
    long room = Math.max(0, limit - used);
    Appended result;
    String kept;
    if (data.length() <= room) {
      kept = data;
      result = Appended.STORED;
    } else {
      int cut = (int) room;
      // Never keep half of a surrogate pair.
      if (cut > 0 && Character.isHighSurrogate(data.charAt(cut - 1))) cut--;
      kept = used >= limit ? "" : data.substring(0, cut) + LogRepository.limitMarker(limit);
      result = used >= limit ? Appended.DROPPED : Appended.CUT;
      h.createUpdate(
              "UPDATE step_log_usage SET dropped = dropped + :d WHERE step_run_id = :s AND attempt = :a")
          .bind("d", data.length() - cut)
          .bind("s", stepId)
          .bind("a", attempt)
          .execute();
    }
    h.createUpdate("UPDATE step_log_usage SET chars = :c WHERE step_run_id = :s AND attempt = :a")
        .bind("c", result == Appended.STORED ? used + data.length() : Math.max(used, limit))
        .bind("s", stepId)
        .bind("a", attempt)
        .execute();
    // A dropped chunk is still recorded, empty, so its retried upload is a duplicate and is not
    // counted twice.
    h.createUpdate(
            "INSERT INTO step_log (step_run_id, attempt, seq, data, created_at) VALUES (:s, :a, :q, :d, :at)")
        .bind("s", stepId)
        .bind("a", attempt)
        .bind("q", seq)
        .bind("d", kept)
        .bind("at", at)
        .execute();
    return result;
  }

  private long usage(long stepId, int attempt, String column) {
    return h.createQuery(
            "SELECT " + column + " FROM step_log_usage WHERE step_run_id = :s AND attempt = :a")
        .bind("s", stepId)
        .bind("a", attempt)
        .mapTo(Long.class)
        .findOne()
        .orElse(0L);
  }

  @Override
  public long dropped(long stepId, int attempt) {
    return usage(stepId, attempt, "dropped");
  }

  @Override
  public void close(long stepId, int attempt, Instant at) {
    long dropped = dropped(stepId, attempt);
    if (dropped == 0) return;
    int marked =
        h.createUpdate(
                "UPDATE step_log_usage SET closed = 1 WHERE step_run_id = :s AND attempt = :a"
                    + " AND closed = 0")
            .bind("s", stepId)
            .bind("a", attempt)
            .execute();
    if (marked == 0) return;
    long last =
        h.createQuery(
                "SELECT COALESCE(MAX(seq), 0) FROM step_log WHERE step_run_id = :s AND attempt = :a")
            .bind("s", stepId)
            .bind("a", attempt)
            .mapTo(Long.class)
            .one();
    h.createUpdate(
            "INSERT INTO step_log (step_run_id, attempt, seq, data, created_at) VALUES (:s, :a, :q, :d, :at)")
        .bind("s", stepId)
        .bind("a", attempt)
        .bind("q", last + 1)
        .bind("d", LogRepository.droppedLine(dropped))
        .bind("at", at)
        .execute();
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
