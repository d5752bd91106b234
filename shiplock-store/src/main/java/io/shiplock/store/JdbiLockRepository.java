package io.shiplock.store;

import io.shiplock.core.store.LockRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiLockRepository implements LockRepository {
  private final Handle h;

  JdbiLockRepository(Handle h) {
    this.h = h;
  }

  @Override
  public boolean acquire(String name, long requestId, long stepId, Instant at) {
    Optional<Holder> now = holder(name);
    if (now.isPresent()) {
      // Locks belong to requests: a request that holds one (two components on one host, two
      // branches) never waits for itself.
      if (now.get().requestId() == requestId) {
        leaveLine(stepId);
        return true;
      }
      line(name, requestId, stepId, at);
      return false;
    }
    Optional<Long> first = waiting(name).stream().findFirst();
    if (first.isPresent() && first.get() != stepId) {
      line(name, requestId, stepId, at);
      return false;
    }
    // Insert-or-nothing: of two nodes taking a free lock at once, one inserts.
    boolean took =
        h.createUpdate(
                    "INSERT INTO lock_holder (name, request_id, step_id, since)"
                        + " VALUES (:n, :r, :s, :at) ON CONFLICT DO NOTHING")
                .bind("n", name)
                .bind("r", requestId)
                .bind("s", stepId)
                .bind("at", at)
                .execute()
            == 1;
    if (took) leaveLine(stepId);
    else line(name, requestId, stepId, at);
    return took;
  }

  private void line(String name, long requestId, long stepId, Instant at) {
    h.createUpdate(
            "INSERT INTO lock_waiter (step_id, name, request_id, since)"
                + " VALUES (:s, :n, :r, :at) ON CONFLICT DO NOTHING")
        .bind("s", stepId)
        .bind("n", name)
        .bind("r", requestId)
        .bind("at", at)
        .execute();
  }

  @Override
  public Optional<Holder> holder(String name) {
    return h.createQuery("SELECT * FROM lock_holder WHERE name = :n")
        .bind("n", name)
        .map(
            (rs, ctx) ->
                new Holder(
                    rs.getString("name"),
                    rs.getLong("request_id"),
                    rs.getLong("step_id"),
                    Rows.instant(rs, "since")))
        .findOne();
  }

  @Override
  public boolean release(String name, long requestId) {
    return h.createUpdate("DELETE FROM lock_holder WHERE name = :n AND request_id = :r")
            .bind("n", name)
            .bind("r", requestId)
            .execute()
        == 1;
  }

  @Override
  public List<String> releaseAll(long requestId) {
    List<String> names =
        h.createQuery("SELECT name FROM lock_holder WHERE request_id = :r ORDER BY name")
            .bind("r", requestId)
            .mapTo(String.class)
            .list();
    h.createUpdate("DELETE FROM lock_holder WHERE request_id = :r").bind("r", requestId).execute();
    h.createUpdate("DELETE FROM lock_waiter WHERE request_id = :r").bind("r", requestId).execute();
    return names;
  }

  @Override
  public void leaveLine(long stepId) {
    h.createUpdate("DELETE FROM lock_waiter WHERE step_id = :s").bind("s", stepId).execute();
  }

  @Override
  public List<Long> waiting(String name) {
    return h.createQuery("SELECT step_id FROM lock_waiter WHERE name = :n ORDER BY step_id")
        .bind("n", name)
        .mapTo(Long.class)
        .list();
  }

  @Override
  public List<String> freeWithWaiters() {
    return h.createQuery(
            "SELECT DISTINCT w.name FROM lock_waiter w"
                + " WHERE NOT EXISTS (SELECT 1 FROM lock_holder l WHERE l.name = w.name)"
                + " ORDER BY w.name")
        .mapTo(String.class)
        .list();
  }

  @Override
  public List<Holder> held() {
    return h.createQuery("SELECT * FROM lock_holder ORDER BY name")
        .map(
            (rs, ctx) ->
                new Holder(
                    rs.getString("name"),
                    rs.getLong("request_id"),
                    rs.getLong("step_id"),
                    Rows.instant(rs, "since")))
        .list();
  }
}
