package io.shiplock.server.engine;

import io.shiplock.server.engine.EngineEvent.ApprovalDecided;

/** An approval that completes the count queues the request and advances it; a rejection ends it. */
final class OnApprovalDecided {
  private final Approvals approvals;
  private final RequestTx tx;

  OnApprovalDecided(Approvals approvals, RequestTx tx) {
    this.approvals = approvals;
    this.tx = tx;
  }

  Committed<Approvals.Result> handle(ApprovalDecided e) {
    Committed<Approvals.Result> decided =
        approvals.decide(e.user(), e.admin(), e.requestId(), e.approve(), e.comment(), e.via());
    if (decided.value() != Approvals.Result.APPROVED) return decided;
    return new Committed<>(decided.value(), tx.advance(e.requestId()).effects());
  }
}
