package io.shiplock.store;

import io.shiplock.core.store.ApprovalRepository;
import io.shiplock.core.store.ApprovalRepository.Decision;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.core.store.RunRepository.Request;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiApprovalRepository implements ApprovalRepository {
  private final Handle h;
  private final JdbiRunRepository runs;

  JdbiApprovalRepository(Handle h) {
    this.h = h;
    this.runs = new JdbiRunRepository(h);
  }

  @Override
  public void awaitApproval(long id, Instant expiresAt) {
    h.createUpdate(
            "UPDATE request SET state = 'WAITING_APPROVAL', approval_expires_at = :x WHERE id = :id")
        .bind("x", expiresAt)
        .bind("id", id)
        .execute();
  }

  @Override
  public void approved(long id) {
    h.createUpdate(
            "UPDATE request SET state = CASE WHEN scheduled_for IS NULL THEN 'QUEUED'"
                + " ELSE 'SCHEDULED' END WHERE id = :id AND state = 'WAITING_APPROVAL'")
        .bind("id", id)
        .execute();
  }

  @Override
  public void decide(long requestId, String user, Verdict decision, String comment, Instant at) {
    h.createUpdate(
            "INSERT INTO approval_decision (request_id, user_name, decision, comment, decided_at)"
                + " VALUES (:r, :u, :d, :c, :at)")
        .bind("r", requestId)
        .bind("u", user)
        .bind("d", decision.name())
        .bind("c", comment)
        .bind("at", at)
        .execute();
  }

  @Override
  public List<Decision> decisions(long requestId) {
    return h.createQuery(
            "SELECT user_name, decision, comment, decided_at FROM approval_decision"
                + " WHERE request_id = :r ORDER BY decided_at, user_name")
        .bind("r", requestId)
        .map(
            (rs, ctx) ->
                new Decision(
                    rs.getString("user_name"),
                    Verdict.valueOf(rs.getString("decision")),
                    rs.getString("comment"),
                    Rows.instant(rs, "decided_at")))
        .list();
  }

  @Override
  public List<Request> waitingApproval() {
    return runs.withVersions(
        h.createQuery(JdbiRunRepository.REQUEST + " WHERE state = 'WAITING_APPROVAL' ORDER BY id")
            .map((rs, ctx) -> runs.request(rs))
            .list());
  }

  @Override
  public Optional<Instant> approvalExpiry(long requestId) {
    return h.createQuery("SELECT approval_expires_at FROM request WHERE id = :id")
        .bind("id", requestId)
        .map((rs, ctx) -> Rows.instant(rs, "approval_expires_at"))
        .findOne()
        .flatMap(Optional::ofNullable);
  }
}
