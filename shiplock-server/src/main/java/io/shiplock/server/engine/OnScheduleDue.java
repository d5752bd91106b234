package io.shiplock.server.engine;

import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.VersionRef;
import io.shiplock.core.store.Store;
import io.shiplock.server.audit.Audit;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timer: scheduled requests whose time came. Each is checked again in its lock — the gate of its
 * environment for every version, its approvals against the environment's rules as they are now, and
 * the blackout windows — then queued and advanced, rescheduled to a window's end (when it asked to
 * wait), or failed with the reason it did not start. Every node's timer runs this; the lock and the
 * state check make one node start it.
 */
final class OnScheduleDue {
  private static final Logger LOG = LoggerFactory.getLogger(OnScheduleDue.class);
  private final Store store;
  private final RequestTx tx;

  OnScheduleDue(Store store, RequestTx tx) {
    this.store = store;
    this.tx = tx;
  }

  /** What became of a due request: queued (to advance), ended (its effect), or neither. */
  private record Due(boolean queued, Long ended) {
    static final Due NOTHING = new Due(false, null);
  }

  /** Starts (or fails) every scheduled request due at {@code now}; returns the effects recorded. */
  List<Long> handle(Instant now) {
    List<Long> effects = new ArrayList<>();
    for (long id : store.read(r -> r.runs().scheduledDue(now))) {
      try {
        Due due = store.write(r -> due(r, id, now));
        if (due.ended() != null) effects.add(due.ended());
        // Queued in its own transaction first: a crash here leaves a QUEUED request, which the
        // queue's timer (or the next server start) advances.
        if (due.queued()) effects.addAll(tx.advance(id).effects());
      } catch (RuntimeException e) {
        // One request that cannot start does not keep the others from starting.
        LOG.warn("scheduled request {} could not be started: {}", id, e.toString());
      }
    }
    return effects;
  }

  /** In the request's lock: queues it, waits longer (a blackout window), or fails it. */
  private static Due due(Repositories r, long id, Instant now) {
    Optional<Request> locked = r.runs().lock(id);
    if (locked.isEmpty() || locked.get().state() != RequestState.SCHEDULED) return Due.NOTHING;
    Request req = locked.get();
    Optional<String> refusal = missed(req, now).or(() -> refusal(r, req));
    if (refusal.isEmpty()) {
      BlackoutCheck blackout = BlackoutCheck.at(r, req, now);
      if (blackout.waitUntil() != null) {
        r.runs().reschedule(id, blackout.waitUntil());
        return Due.NOTHING;
      }
      refusal = Optional.ofNullable(blackout.refusal());
    }
    if (refusal.isEmpty()) {
      r.runs().queueScheduled(id);
      Audit.record(
          r,
          now,
          null,
          "request.start",
          "request " + id,
          "success",
          "its scheduled time " + req.scheduledFor() + " came; the gate and approvals still hold");
      return new Due(true, null);
    }
    String message =
        "not started at its scheduled time " + req.scheduledFor() + ": " + refusal.get();
    r.runs().finish(id, RequestState.FAILED, message, now);
    Audit.record(r, now, null, "request.start", "request " + id, "refused", message);
    return new Due(false, Outbox.record(r, now, new Effect.RequestEnded(id)));
  }

  /**
   * Why a request whose time passed long ago does not start now: a deployment planned for Saturday
   * night is not run on Monday morning because the server was down or the approval came late.
   */
  private static Optional<String> missed(Request req, Instant now) {
    Duration late = Duration.between(req.scheduledFor(), now);
    if (late.compareTo(Schedules.MISSED_GRACE) <= 0) return Optional.empty();
    return Optional.of(
        "the time passed "
            + Durations.format(late.truncatedTo(ChronoUnit.SECONDS))
            + " ago (more than "
            + Durations.format(Schedules.MISSED_GRACE)
            + ": the server was not running, or the approval came after it); request it again");
  }

  /**
   * Why a scheduled request may not start now: a version its environment's gate refuses, or fewer
   * approvals than the environment asks for today. Empty when it may start.
   */
  static Optional<String> refusal(Repositories r, Request req) {
    var env = new ObjectKey(Kind.ENVIRONMENT, req.application(), req.environment());
    if (r.config().find(env).isEmpty())
      return Optional.of(
          "application '"
              + req.application()
              + "' has no environment named '"
              + req.environment()
              + "' any more");
    for (VersionRef v : req.versions()) {
      Optional<String> why =
          Gates.refusal(
              r, req.application(), req.environment(), req.snapshot(), v.component(), v.version());
      if (why.isPresent()) return why;
    }
    var rules = Approvals.rules(r, req.application(), req.environment());
    if (rules.isEmpty()) return Optional.empty();
    long approvals =
        r.approvals().decisions(req.id()).stream()
            .filter(d -> d.decision() == Verdict.APPROVED)
            .count();
    if (approvals >= rules.get().required()) return Optional.empty();
    return Optional.of(
        "environment '"
            + req.environment()
            + "' now asks for "
            + rules.get().required()
            + " approval(s); the request has "
            + approvals);
  }
}
