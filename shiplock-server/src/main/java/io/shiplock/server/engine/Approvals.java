package io.shiplock.server.engine;

import io.shiplock.core.engine.RequestState;
import io.shiplock.core.model.ApprovalSpec;
import io.shiplock.core.model.EnvironmentSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.Authorizer;
import io.shiplock.core.store.ApprovalRepository.Decision;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.User;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Requests to an environment with approval rules wait, as state, until enough approvers agree; one
 * rejection or the expiry fails them. Each decision is checked (permission, approver,
 * self-approval, one decision per person, comment) in the request's lock and recorded with its
 * comment in the request and the audit log.
 */
public final class Approvals {
  /** How long an approval link works when the environment sets no expiry. */
  static final Duration DEFAULT_LINK_LIFETIME = Duration.ofDays(7);

  static final Pattern MARKUP = Pattern.compile("<\\s*[a-zA-Z/!?]|&[a-zA-Z#0-9]+;");

  public enum Result {
    RECORDED,
    APPROVED,
    REJECTED
  }

  /** A request waiting for approval, as one user sees it. */
  public record Waiting(
      Request request,
      ApprovalSpec rules,
      List<Decision> decisions,
      Instant expiresAt,
      Optional<String> whyNot) {}

  private final Store store;
  private final Clock clock;
  private final Notifier notifier;

  Approvals(Store store, Clock clock, Notifier notifier) {
    this.store = store;
    this.clock = clock;
    this.notifier = notifier;
  }

  static Optional<ApprovalSpec> rules(Repositories r, String app, String env) {
    return r.config()
        .find(new ObjectKey(Kind.ENVIRONMENT, app, env))
        .map(o -> ((EnvironmentSpec) o).approval());
  }

  /** Called in the request's creation transaction: the request waits from now on. */
  static void start(Repositories r, long id, ApprovalSpec rules, Instant now) {
    r.approvals()
        .awaitApproval(id, rules.expiresAfter() == null ? null : now.plus(rules.expiresAfter()));
  }

  /** After the creation committed: mail the approvers their links. */
  void notifyApprovers(long id) {
    record Need(Request request, List<User> approvers, Instant expires, boolean comment) {}
    Need need =
        store.read(
            r -> {
              Request req = r.runs().find(id).orElseThrow();
              ApprovalSpec rules = rules(r, req.application(), req.environment()).orElseThrow();
              List<User> approvers = new ArrayList<>();
              for (User u : r.users().list()) {
                Authorizer a = Authorizations.of(r, u.name(), false);
                boolean self = rules.noSelfApproval() && u.name().equals(req.requestedBy());
                if (!self
                    && a.allows(Permission.APPROVE, req.application(), req.environment())
                    && a.isApprover(rules.approvers(), req.application(), req.environment()))
                  approvers.add(u);
              }
              Instant expires =
                  r.approvals()
                      .approvalExpiry(id)
                      .orElse(clock.instant().plus(DEFAULT_LINK_LIFETIME));
              return new Need(req, approvers, expires, rules.commentRequired());
            });
    notifier.approvalNeeded(need.request(), need.approvers(), need.expires(), need.comment());
  }

  /**
   * One person's decision. Refused (with the reason) when they may not decide: the request is not
   * waiting, they lack the permission or are not an approver, they asked for it themselves where
   * that is forbidden, they decided already, or the comment is missing or holds markup.
   */
  Committed<Result> decide(
      String user, boolean admin, long id, boolean approve, String comment, String via) {
    String text = comment == null ? "" : comment.strip();
    Instant now = clock.instant();
    return store.write(
        r -> {
          Request req =
              r.runs().lock(id).orElseThrow(() -> new RequestRefused(404, "no request " + id));
          String action = approve ? "approval.approve" : "approval.reject";
          check(r, req, user, admin, text);
          r.approvals().decide(id, user, Verdict.of(approve), text, now);
          // The channel is part of the record: an emailed link is a different trust path.
          Audit.record(
              r, now, user, action, "request " + id, "success", text + " (via " + via + ")");
          if (!approve) {
            r.runs().finish(id, RequestState.FAILED, "rejected by " + user + ": " + text, now);
            long ended = Outbox.record(r, now, new Effect.RequestEnded(id));
            return new Committed<>(Result.REJECTED, List.of(ended));
          }
          ApprovalSpec rules = rules(r, req.application(), req.environment()).orElseThrow();
          long approvals =
              r.approvals().decisions(id).stream()
                  .filter(d -> d.decision() == Verdict.APPROVED)
                  .count();
          if (approvals < rules.required()) return Committed.nothing(Result.RECORDED);
          r.approvals().approved(id);
          Audit.record(
              r,
              now,
              user,
              "request.approved",
              "request " + id,
              "success",
              approvals + " of " + rules.required() + " approvals");
          return afterApproval(r, id, now);
        });
  }

  /**
   * A request whose approval just completed would start now (one scheduled for later is checked
   * when its time comes): the blackout windows are checked as at any start that was not checked
   * when the request was made. In a window it waits for the end or fails, as it asked.
   */
  private static Committed<Result> afterApproval(Repositories r, long id, Instant now) {
    Request req = r.runs().find(id).orElseThrow();
    if (req.state() != RequestState.QUEUED) return Committed.nothing(Result.APPROVED);
    BlackoutCheck blackout = BlackoutCheck.at(r, req, now);
    if (blackout.waitUntil() != null) r.runs().reschedule(id, blackout.waitUntil());
    if (blackout.refusal() == null) return Committed.nothing(Result.APPROVED);
    String message = "approved, but not started: " + blackout.refusal();
    r.runs().finish(id, RequestState.FAILED, message, now);
    Audit.record(r, now, null, "request.start", "request " + id, "refused", message);
    return new Committed<>(
        Result.APPROVED, List.of(Outbox.record(r, now, new Effect.RequestEnded(id))));
  }

  private void check(Repositories r, Request req, String user, boolean admin, String comment) {
    if (req.state() != RequestState.WAITING_APPROVAL)
      throw new RequestRefused(
          409, "request " + req.id() + " is not waiting for approval (it is " + req.state() + ")");
    ApprovalSpec rules =
        rules(r, req.application(), req.environment())
            .orElseThrow(
                () ->
                    new RequestRefused(
                        409,
                        "environment '" + req.environment() + "' no longer asks for approval"));
    Authorizer a = Authorizations.of(r, user, admin);
    a.refusal(Permission.APPROVE, req.application(), req.environment())
        .ifPresent(
            why -> {
              throw new RequestRefused(403, why);
            });
    if (!admin && !a.isApprover(rules.approvers(), req.application(), req.environment()))
      throw new RequestRefused(
          403,
          "user '"
              + user
              + "' is not one of the approvers of environment '"
              + req.environment()
              + "' ("
              + String.join(", ", rules.approvers())
              + ")");
    if (rules.noSelfApproval() && user.equals(req.requestedBy()))
      throw new RequestRefused(
          403,
          "the requester cannot approve their own request: environment '"
              + req.environment()
              + "' forbids self-approval");
    for (Decision d : r.approvals().decisions(req.id())) {
      if (d.user().equals(user))
        throw new RequestRefused(
            409,
            "user '"
                + user
                + "' already decided on request "
                + req.id()
                + " ("
                + d.decision()
                + ")");
    }
    if (rules.commentRequired() && comment.isEmpty())
      throw new RequestRefused(
          400, "environment '" + req.environment() + "' requires a comment with each decision");
    if (MARKUP.matcher(comment).find())
      throw new RequestRefused(400, "a comment may not contain markup (<…> or &…;)");
    if (comment.length() > 2000)
      throw new RequestRefused(400, "a comment may hold at most 2000 characters");
  }

  /**
   * Fails every waiting request whose approval expired; returns the effects it recorded. Every
   * node's timer runs this: each request is locked and checked again in its own transaction, so one
   * node expires it and the others find it ended (one audit entry, one notification).
   */
  List<Long> expire() {
    Instant now = clock.instant();
    List<Long> due =
        store.read(
            r ->
                r.approvals().waitingApproval().stream()
                    .map(Request::id)
                    .filter(id -> expired(r, id, now))
                    .toList());
    List<Long> effects = new ArrayList<>();
    for (long id : due) {
      Optional<Long> ended =
          store.write(
              r -> {
                Optional<Request> req = r.runs().lock(id);
                if (req.isEmpty()
                    || req.get().state() != RequestState.WAITING_APPROVAL
                    || !expired(r, id, now)) return Optional.empty();
                return Optional.of(expire(r, id, now));
              });
      ended.ifPresent(effects::add);
    }
    return effects;
  }

  private static boolean expired(Repositories r, long id, Instant now) {
    return r.approvals().approvalExpiry(id).filter(at -> !at.isAfter(now)).isPresent();
  }

  /** Fails a request whose approval expired, in its lock; the request-ended effect. */
  private static long expire(Repositories r, long id, Instant now) {
    Instant at = r.approvals().approvalExpiry(id).orElseThrow();
    long approvals =
        r.approvals().decisions(id).stream().filter(d -> d.decision() == Verdict.APPROVED).count();
    String message =
        "approval expired at " + at + " with " + approvals + " approval(s); nothing was started";
    r.runs().finish(id, RequestState.FAILED, message, now);
    Audit.record(r, now, null, "approval.expired", "request " + id, "failure", message);
    return Outbox.record(r, now, new Effect.RequestEnded(id));
  }

  /**
   * Requests waiting for approval that this user may see, and whether (and why not) they may
   * decide.
   */
  public List<Waiting> waitingFor(String user, boolean admin) {
    return store.read(
        r -> {
          Authorizer a = Authorizations.of(r, user, admin);
          List<Waiting> out = new ArrayList<>();
          for (Request req : r.approvals().waitingApproval()) {
            if (!a.allows(Permission.VIEW, req.application(), req.environment())) continue;
            Optional<ApprovalSpec> rules = rules(r, req.application(), req.environment());
            if (rules.isEmpty()) continue;
            Optional<String> whyNot;
            try {
              check(r, req, user, admin, "ok");
              whyNot = Optional.empty();
            } catch (RequestRefused e) {
              whyNot = Optional.of(e.getMessage());
            }
            if (!admin
                && !a.isApprover(rules.get().approvers(), req.application(), req.environment())
                && !req.requestedBy().equals(user)) continue;
            out.add(
                new Waiting(
                    req,
                    rules.get(),
                    r.approvals().decisions(req.id()),
                    r.approvals().approvalExpiry(req.id()).orElse(null),
                    whyNot));
          }
          return out;
        });
  }
}
