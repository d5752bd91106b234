package io.shiplock.server.api.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.RunRepository.Request;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests as {@code /api/v1/requests} answers them. */
public final class RequestAnswers {
  private RequestAnswers() {}

  /** A request in a list: what was asked, by whom, and how it ended. */
  public record RequestSummary(
      long id,
      String application,
      String environment,
      String process,
      RequestState state,
      String requestedBy,
      Instant requestedAt,
      @Nullable Instant finishedAt,
      Map<String, String> versions,
      @JsonInclude(Include.NON_NULL) String snapshot,
      @JsonInclude(Include.NON_NULL) String message,
      @JsonInclude(Include.NON_NULL) Instant scheduledFor) {
    public static RequestSummary of(Request q) {
      Map<String, String> versions = new LinkedHashMap<>();
      q.versions().forEach(v -> versions.put(v.component(), v.version()));
      return new RequestSummary(
          q.id(),
          q.application(),
          q.environment(),
          q.process().name(),
          q.state(),
          q.requestedBy(),
          q.requestedAt(),
          q.finishedAt(),
          versions,
          q.snapshot(),
          q.message(),
          q.scheduledFor());
    }
  }

  /**
   * One request: its summary's fields, then its properties, every step and its approval; while it
   * is queued behind another request of its environment (a concurrency limit), that request.
   */
  public record RequestDetail(
      @JsonUnwrapped RequestSummary summary,
      Map<String, String> properties,
      List<StepAnswer> steps,
      @JsonInclude(Include.NON_NULL) ApprovalAnswers.ApprovalProgress approval,
      @JsonInclude(Include.NON_NULL) Long waitingFor) {}

  /** A step of a request; {@code path} is its place in the tree ("deploy / web-1 / install"). */
  public record StepAnswer(
      long id,
      String path,
      String name,
      String type,
      StepState state,
      int attempt,
      @JsonInclude(Include.NON_NULL) String agent,
      @JsonInclude(Include.NON_NULL) String resource,
      @Nullable Instant startedAt,
      @Nullable Instant finishedAt,
      @JsonInclude(Include.NON_EMPTY) Map<String, String> outputs,
      @JsonInclude(Include.NON_NULL) String message) {}

  /**
   * A page of a step's output; {@code next} is the position to ask from, {@code more} whether to.
   */
  public record StepLog(long step, StepState state, String data, String next, boolean more) {}
}
