package io.shiplock.server.engine;

import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.Permission;
import io.shiplock.core.security.Authorizer;
import io.shiplock.core.steps.ServerStepTypes;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import io.shiplock.core.store.User;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.auth.Authorizations;
import io.shiplock.server.notify.Notifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manual tasks: steps of type {@code manual} waiting for a person of their approvers (teams or
 * roles) to confirm or refuse, with a comment. Who may decide is checked here (the {@code approve}
 * permission on the request's environment, membership of an approver team or role, a comment
 * without markup); the decision ends the step in the request's transaction and is audited.
 */
public final class Tasks {
  private final Store store;
  private final Notifier notifier;
  private final RequestTx tx;
  private final StepStarter starter;

  Tasks(Store store, Notifier notifier, RequestTx tx, StepStarter starter) {
    this.store = store;
    this.notifier = notifier;
    this.tx = tx;
    this.starter = starter;
  }

  /** A waiting task, its request, and why the caller may not decide it (empty: they may). */
  public record Waiting(StepRun step, Request request, Optional<String> whyNot) {
    public List<String> approvers() {
      return ManualStep.approvers(step.outputs().get(ManualStep.APPROVERS));
    }

    public String instructions() {
      return step.outputs().getOrDefault(ManualStep.INSTRUCTIONS, "");
    }
  }

  /** The outcome of a decision. */
  public enum Result {
    CONFIRMED,
    REFUSED
  }

  /** The tasks waiting that this user may see, oldest first. */
  public List<Waiting> waitingFor(String user, boolean admin) {
    return store.read(
        r -> {
          Authorizer a = Authorizations.of(r, user, admin);
          List<Waiting> out = new ArrayList<>();
          for (StepRun s : r.runs().waiting(ServerStepTypes.MANUAL.name())) {
            Request req = r.runs().find(s.requestId()).orElse(null);
            if (req == null || !a.allows(Permission.VIEW, req.application(), req.environment()))
              continue;
            out.add(new Waiting(s, req, refusal(a, req, s, user, admin)));
          }
          return out;
        });
  }

  /** Tells the people who may decide a task that it waits (an effect: after the commit). */
  void notifyDeciders(long stepId) {
    record Need(StepRun step, Request request, List<User> people) {}
    Optional<Need> need =
        store.read(
            r -> {
              StepRun s = r.runs().step(stepId).orElse(null);
              if (s == null || s.state() != StepState.WAITING) return Optional.<Need>empty();
              Request req = r.runs().find(s.requestId()).orElseThrow();
              List<User> people = new ArrayList<>();
              for (User u : r.users().list()) {
                Authorizer a = Authorizations.of(r, u.name(), false);
                if (refusal(a, req, s, u.name(), false).isEmpty()) people.add(u);
              }
              return Optional.of(new Need(s, req, people));
            });
    need.ifPresent(
        n ->
            notifier.taskWaiting(
                n.request(),
                n.step().id(),
                n.step().name()
                    + (n.step().resourcePath() == null ? "" : " on " + n.step().resourcePath()),
                n.step().outputs().getOrDefault(ManualStep.INSTRUCTIONS, ""),
                n.people()));
  }

  /**
   * One person's decision on a waiting task: confirmed, the step succeeds and the process goes on;
   * refused, the step fails (and its failure edges, if any, are followed). Refused with the reason
   * when the step is not a waiting task or the person may not decide it.
   */
  Committed<Result> decide(
      String user, boolean admin, long stepId, boolean confirm, String comment, String via) {
    String text = comment == null ? "" : comment.strip();
    // Before the request's lock, and the same answer whether the step is missing or out of the
    // caller's sight: no one learns of steps of requests they may not view.
    boolean visible =
        store.read(
            r ->
                r.runs()
                    .step(stepId)
                    .flatMap(s -> r.runs().find(s.requestId()))
                    .map(
                        q ->
                            Authorizations.of(r, user, admin)
                                .allows(Permission.VIEW, q.application(), q.environment()))
                    .orElse(false));
    if (!visible) throw new RequestRefused(404, "no step " + stepId);
    return tx.onStep(
        stepId,
        (c, out) -> {
          StepRun s = c.tree().get(stepId);
          check(c.repos(), c.request(), s, user, admin, text, c.now());
          Map<String, String> outputs = new LinkedHashMap<>(s.outputs());
          outputs.put("decidedBy", user);
          outputs.put("comment", text);
          String verb = confirm ? "confirmed" : "refused";
          starter.finish(
              c,
              s,
              confirm ? StepState.SUCCEEDED : StepState.FAILED,
              verb + " by " + user + ": " + text,
              outputs);
          Audit.record(
              c.repos(),
              c.now(),
              user,
              confirm ? "task.confirm" : "task.refuse",
              "request "
                  + c.request().id()
                  + " step "
                  + s.name()
                  + (s.resourcePath() == null ? "" : " on " + s.resourcePath()),
              "success",
              verb + " via " + via + ": " + text);
          out.set(confirm ? Result.CONFIRMED : Result.REFUSED);
        },
        (c, out) -> {});
  }

  private static void check(
      Repositories r,
      Request req,
      StepRun s,
      String user,
      boolean admin,
      String comment,
      Instant now) {
    if (s == null || !ManualStep.is(s))
      throw new RequestRefused(404, "step " + (s == null ? "" : s.id()) + " is not a manual task");
    if (s.state() != StepState.WAITING)
      throw new RequestRefused(
          409, "step '" + s.name() + "' is not waiting for a person (it is " + s.state() + ")");
    if (s.deadline() != null && !s.deadline().isAfter(now))
      throw new RequestRefused(
          409, "step '" + s.name() + "' timed out at " + s.deadline() + "; nobody decided in time");
    refusal(Authorizations.of(r, user, admin), req, s, user, admin)
        .ifPresent(
            why -> {
              throw new RequestRefused(403, why);
            });
    if (comment.isEmpty())
      throw new RequestRefused(400, "a decision on a manual task needs a comment");
    if (Approvals.MARKUP.matcher(comment).find())
      throw new RequestRefused(400, "a comment may not contain markup (<…> or &…;)");
    if (comment.length() > 2000)
      throw new RequestRefused(400, "a comment may hold at most 2000 characters");
  }

  /** Why the user may not decide this task, or empty. */
  private static Optional<String> refusal(
      Authorizer a, Request req, StepRun s, String user, boolean admin) {
    Optional<String> permission =
        a.refusal(Permission.APPROVE, req.application(), req.environment());
    if (permission.isPresent()) return permission;
    List<String> approvers = ManualStep.approvers(s.outputs().get(ManualStep.APPROVERS));
    if (!admin && !a.isApprover(approvers, req.application(), req.environment()))
      return Optional.of(
          "user '"
              + user
              + "' is not one of the people who decide step '"
              + s.name()
              + "' ("
              + String.join(", ", approvers)
              + ")");
    return Optional.empty();
  }
}
