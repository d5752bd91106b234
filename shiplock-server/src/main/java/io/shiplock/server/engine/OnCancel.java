package io.shiplock.server.engine;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.server.engine.EngineEvent.CancelRequested;
import java.util.Map;

/** Someone cancels: waiting steps end now; agents are told to stop theirs through their polls. */
final class OnCancel {
  private final RequestTx tx;
  private final StepStarter starter;

  OnCancel(RequestTx tx, StepStarter starter) {
    this.tx = tx;
    this.starter = starter;
  }

  Committed<Void> handle(CancelRequested e) {
    long requestId = e.requestId();
    return tx.onRequest(
        requestId,
        (c, out) -> {
          RequestState state = c.request().state();
          if (state.isTerminal())
            throw new RequestRefused(
                409, "request " + requestId + " has already ended (" + state + ")");
          if (state != RequestState.RUNNING) {
            // Nothing has run: the request simply ends (a queued one leaves its place in line).
            c.repos()
                .runs()
                .finish(
                    requestId,
                    RequestState.CANCELED,
                    switch (state) {
                      case QUEUED -> "canceled while queued";
                      case SCHEDULED ->
                          "canceled while scheduled for " + c.request().scheduledFor();
                      default -> "canceled while waiting for approval";
                    },
                    c.now());
            c.tree().markRequestEnded();
            return;
          }
          c.repos().runs().requestCancel(requestId);
          c.tree().markCancelRequested();
          for (StepRun s : c.tree().all()) {
            // A timer wait ends now; work no agent has taken yet is withdrawn. Steps an agent is
            // running end when the agent, told through its next poll, reports them canceled.
            boolean timerWait =
                s.state() == StepState.WAITING
                    && (s.deadline() != null || ManualStep.is(s) || LockStep.is(s));
            boolean unclaimed = s.state() == StepState.DISPATCHED && c.repos().work().drop(s.id());
            if (s.node() == NodeKind.STEP && (timerWait || unclaimed)) {
              if (LockStep.is(s)) c.repos().locks().leaveLine(s.id());
              starter.finish(c, s, StepState.CANCELED, "canceled", Map.of());
            }
          }
        });
  }
}
