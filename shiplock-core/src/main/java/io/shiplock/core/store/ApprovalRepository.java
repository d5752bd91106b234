package io.shiplock.core.store;

import io.shiplock.core.store.RunRepository.Request;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Requests waiting for approval, and each approver's decision. */
public interface ApprovalRepository {
  /** One approver's decision on a request: the seed's consent record. */
  record Decision(String user, Verdict decision, String comment, Instant at) {}

  /** What an approver said. */
  enum Verdict {
    APPROVED,
    REJECTED;

    public static Verdict of(boolean approve) {
      return approve ? APPROVED : REJECTED;
    }
  }

  /** The request waits for approval (state WAITING_APPROVAL) until {@code expiresAt}, if set. */
  void awaitApproval(long id, Instant expiresAt);

  /** A waiting request has its approvals: it is queued to run. */
  void approved(long id);

  void decide(long requestId, String user, Verdict decision, String comment, Instant at);

  List<Decision> decisions(long requestId);

  /** Requests waiting for approval, oldest first. */
  List<Request> waitingApproval();

  Optional<Instant> approvalExpiry(long requestId);
}
