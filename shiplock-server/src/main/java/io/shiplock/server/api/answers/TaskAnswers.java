package io.shiplock.server.api.answers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.shiplock.server.engine.Tasks;
import java.time.Instant;
import java.util.List;

/** Manual tasks as {@code /api/v1/tasks} answers them. */
public final class TaskAnswers {
  private TaskAnswers() {}

  /** A manual step waiting for a person, and whether (and why not) the caller may decide it. */
  public record WaitingTask(
      long step,
      String name,
      long request,
      String application,
      String environment,
      String process,
      String requestedBy,
      List<String> versions,
      List<String> approvers,
      @JsonInclude(Include.NON_EMPTY) String instructions,
      @JsonInclude(Include.NON_NULL) String resource,
      @Nullable Instant waitingSince,
      @JsonInclude(Include.NON_NULL) Instant deadline,
      boolean canDecide,
      @JsonInclude(Include.NON_NULL) String whyNot) {
    public static WaitingTask of(Tasks.Waiting w) {
      var q = w.request();
      return new WaitingTask(
          w.step().id(),
          w.step().name(),
          q.id(),
          q.application(),
          q.environment(),
          q.process().name(),
          q.requestedBy(),
          q.versions().stream().map(v -> v.component() + ":" + v.version()).toList(),
          w.approvers(),
          w.instructions(),
          w.step().resourcePath(),
          w.step().startedAt(),
          w.step().deadline(),
          w.whyNot().isEmpty(),
          w.whyNot().orElse(null));
    }
  }

  /** The answer to confirm or refuse: what became of the task. */
  public record TaskDecided(long step, Tasks.Result result) {}
}
