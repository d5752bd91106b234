package io.shiplock.server.engine;

import io.shiplock.core.store.Store;
import io.shiplock.server.engine.EngineEvent.RequestMade;
import java.time.Clock;

/**
 * A request is made: checked and stored in one transaction, then its approvers are told or it
 * starts.
 */
final class OnRequestMade {
  private final Store store;
  private final Clock clock;
  private final Approvals approvals;
  private final RequestTx tx;

  OnRequestMade(Store store, Clock clock, Approvals approvals, RequestTx tx) {
    this.store = store;
    this.clock = clock;
    this.approvals = approvals;
    this.tx = tx;
  }

  Committed<Long> handle(RequestMade e) {
    NewRequests.Created created =
        store.write(
            r ->
                NewRequests.create(
                    r,
                    e.application(),
                    e.environment(),
                    e.process(),
                    e.versions(),
                    e.properties(),
                    e.snapshot(),
                    e.by(),
                    clock.instant(),
                    e.timing()));
    return begin(created);
  }

  /**
   * After a new request committed (here, by a trigger or by a schedule): approvers are told, or it
   * starts unless it is scheduled for later (the engine's timer starts it then). A crash before
   * this leaves a QUEUED request, which {@link OnServerStarted} starts.
   */
  Committed<Long> begin(NewRequests.Created created) {
    if (created.waitsForApproval()) {
      approvals.notifyApprovers(created.id());
      return Committed.nothing(created.id());
    }
    if (created.scheduled()) return Committed.nothing(created.id());
    return new Committed<>(created.id(), tx.advance(created.id()).effects());
  }
}
