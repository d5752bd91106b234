package io.shiplock.store;

import io.shiplock.core.store.WorkQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbiWorkQueue implements WorkQueue {
  private final Handle h;

  JdbiWorkQueue(Handle h) {
    this.h = h;
  }

  @Override
  public void enqueue(long stepId, long agentId, int attempt, String payload, Instant at) {
    h.createUpdate(
            "INSERT INTO work_item (step_run_id, agent_id, attempt, payload, created_at) VALUES (:s, :a, :n, :p, :at)")
        .bind("s", stepId)
        .bind("a", agentId)
        .bind("n", attempt)
        .bind("p", payload)
        .bind("at", at)
        .execute();
  }

  @Override
  public Item enqueueClaimed(long stepId, long agentId, int attempt, String payload, Instant at) {
    long id =
        h.createUpdate(
                "INSERT INTO work_item (step_run_id, agent_id, attempt, payload, created_at, claimed_at)"
                    + " VALUES (:s, :a, :n, :p, :at, :at)")
            .bind("s", stepId)
            .bind("a", agentId)
            .bind("n", attempt)
            .bind("p", payload)
            .bind("at", at)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new Item(id, stepId, attempt, payload, at);
  }

  @Override
  public List<Item> claim(long agentId, Instant at, int max) {
    // Only where UPDATE … RETURNING is known to work; any other store (H2) claims in two steps.
    if (!RETURNING.contains(
        String.valueOf(h.getConfig(SqlStatements.class).getAttribute(JdbcStore.DIALECT))))
      return claimInTwo(agentId, at, max);
    // One statement (issue 18): the rows are chosen, locked, claimed and read back in one round
    // trip. SKIP LOCKED: two nodes serving one agent's polls (a reconnect through the load
    // balancer) each take what the other has not locked, without waiting for it; a row another
    // claim changed meanwhile is checked again (claimed_at IS NULL) and left out. SQLite's one
    // writer needs no lock (the store drops FOR UPDATE there).
    List<Item> claimed =
        new ArrayList<>(
            h.createQuery(
                    "UPDATE work_item SET claimed_at = :at WHERE claimed_at IS NULL AND id IN"
                        + " (SELECT id FROM work_item WHERE agent_id = :a AND claimed_at IS NULL"
                        + " ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, step_run_id, attempt, payload, created_at")
                .bind("at", at)
                .bind("a", agentId)
                .bind("max", max)
                .map(JdbiWorkQueue::item)
                .list());
    claimed.sort(Comparator.comparingLong(Item::id)); // RETURNING promises no order
    return claimed;
  }

  private static final Set<String> RETURNING = Set.of("postgresql", "sqlite");

  /** H2 has no UPDATE … RETURNING: a select, then a conditional update per row. */
  private List<Item> claimInTwo(long agentId, Instant at, int max) {
    List<Item> candidates =
        h.createQuery(
                "SELECT id, step_run_id, attempt, payload, created_at FROM work_item WHERE agent_id = :a AND claimed_at IS NULL"
                    + " ORDER BY id LIMIT :max FOR UPDATE")
            .bind("a", agentId)
            .bind("max", max)
            .map(JdbiWorkQueue::item)
            .list();
    List<Item> claimed = new ArrayList<>();
    for (Item i : candidates) {
      if (h.createUpdate(
                  "UPDATE work_item SET claimed_at = :at WHERE id = :id AND claimed_at IS NULL")
              .bind("at", at)
              .bind("id", i.id())
              .execute()
          == 1) {
        claimed.add(i);
      }
    }
    return claimed;
  }

  private static Item item(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Item(
        rs.getLong("id"),
        rs.getLong("step_run_id"),
        rs.getInt("attempt"),
        rs.getString("payload"),
        Rows.instant(rs, "created_at"));
  }

  @Override
  public List<Item> lost(long agentId, Collection<Long> running, Instant claimedBefore, int max) {
    var query =
        h.createQuery(
                "SELECT w.id, w.step_run_id, w.attempt, w.payload, w.created_at"
                    + LOST
                    + (running.isEmpty() ? "" : " AND w.step_run_id NOT IN (<running>)")
                    + " ORDER BY w.id LIMIT :max")
            .bind("a", agentId)
            .bind("before", claimedBefore)
            .bind("max", max);
    if (!running.isEmpty()) query.bindList("running", List.copyOf(running));
    return query.map(JdbiWorkQueue::item).list();
  }

  /**
   * Claimed items of the agent's steps that are still DISPATCHED, claimed before {@code :before}.
   * From the agent's DISPATCHED steps (index step_run_agent_state: a handful) to their items, not
   * from every item the agent ever claimed: the queue keeps its history.
   */
  private static final String LOST =
      " FROM step_run s JOIN work_item w ON w.step_run_id = s.id AND w.attempt = s.attempt"
          + " WHERE s.agent_id = :a AND s.state = 'DISPATCHED' AND w.agent_id = :a"
          + " AND w.claimed_at IS NOT NULL AND w.claimed_at < :before";

  @Override
  public boolean pending(long agentId) {
    return h.createQuery(
                "SELECT COUNT(*) FROM (SELECT 1 FROM work_item WHERE agent_id = :a AND claimed_at IS NULL"
                    + " LIMIT 1) w")
            .bind("a", agentId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  @Override
  public boolean claimed(long stepId, int attempt, long agentId) {
    return h.createQuery(
                "SELECT COUNT(*) FROM work_item WHERE step_run_id = :s AND attempt = :n"
                    + " AND agent_id = :a AND claimed_at IS NOT NULL")
            .bind("s", stepId)
            .bind("n", attempt)
            .bind("a", agentId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  @Override
  public Optional<String> claimedPayload(long stepId, int attempt, long agentId) {
    return h.createQuery(
            "SELECT payload FROM work_item WHERE step_run_id = :s AND attempt = :n"
                + " AND agent_id = :a AND claimed_at IS NOT NULL")
        .bind("s", stepId)
        .bind("n", attempt)
        .bind("a", agentId)
        .mapTo(String.class)
        .findFirst();
  }

  @Override
  public Optional<String> payload(long stepId, int attempt) {
    return h.createQuery("SELECT payload FROM work_item WHERE step_run_id = :s AND attempt = :a")
        .bind("s", stepId)
        .bind("a", attempt)
        .mapTo(String.class)
        .findOne();
  }

  @Override
  public boolean drop(long stepId) {
    return h.createUpdate("DELETE FROM work_item WHERE step_run_id = :s AND claimed_at IS NULL")
            .bind("s", stepId)
            .execute()
        > 0;
  }

  @Override
  public Backlog backlog() {
    return h.createQuery(
            "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM work_item WHERE claimed_at IS NULL")
        .map((rs, ctx) -> new Backlog(rs.getLong("n"), Rows.instant(rs, "oldest")))
        .one();
  }
}
