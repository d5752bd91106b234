package io.shiplock.server.api.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.shiplock.core.store.ApprovalRepository.Decision;
import io.shiplock.core.store.ApprovalRepository.Verdict;
import io.shiplock.server.engine.Approvals;
import java.time.Instant;
import java.util.List;

/** Approvals as {@code /api/v1/approvals} and a request's {@code approval} answer them. */
public final class ApprovalAnswers {
  private ApprovalAnswers() {}

  /** A request waiting for approval, its rules, and whether (and why not) the caller may decide. */
  public record WaitingApproval(
      long request,
      String application,
      String environment,
      String process,
      String requestedBy,
      Instant requestedAt,
      List<String> versions,
      int required,
      List<String> approvers,
      boolean commentRequired,
      boolean noSelfApproval,
      @Nullable Instant expiresAt,
      List<DecisionAnswer> decisions,
      boolean canDecide,
      @JsonInclude(Include.NON_NULL) String whyNot) {
    public static WaitingApproval of(Approvals.Waiting w) {
      var q = w.request();
      return new WaitingApproval(
          q.id(),
          q.application(),
          q.environment(),
          q.process().name(),
          q.requestedBy(),
          q.requestedAt(),
          q.versions().stream().map(v -> v.component() + ":" + v.version()).toList(),
          w.rules().required(),
          w.rules().approvers(),
          w.rules().commentRequired(),
          w.rules().noSelfApproval(),
          w.expiresAt(),
          w.decisions().stream().map(DecisionAnswer::of).toList(),
          w.whyNot().isEmpty(),
          w.whyNot().orElse(null));
    }
  }

  /** What one approver decided. */
  public record DecisionAnswer(
      String user, Verdict decision, @Nullable String comment, Instant at) {
    public static DecisionAnswer of(Decision d) {
      return new DecisionAnswer(d.user(), d.decision(), d.comment(), d.at());
    }
  }

  /** A request's approval so far: when it expires (while it can) and the decisions. */
  public record ApprovalProgress(
      @JsonInclude(Include.NON_NULL) Instant expiresAt, List<DecisionAnswer> decisions) {}

  /** The answer to approve or reject: what became of the decision. */
  public record Decided(long request, Approvals.Result result) {}
}
