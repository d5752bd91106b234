package io.shiplock.server.api;

import io.javalin.http.Context;
import io.shiplock.core.model.Permission;
import io.shiplock.core.store.Store;
import io.shiplock.server.api.answers.TaskAnswers.TaskDecided;
import io.shiplock.server.api.answers.TaskAnswers.WaitingTask;
import io.shiplock.server.audit.Audit;
import io.shiplock.server.engine.Engine;
import io.shiplock.server.engine.RequestRefused;
import io.shiplock.server.engine.Tasks;
import java.time.Instant;
import java.util.List;

/**
 * Manual tasks: what waits for a person, and confirm or refuse with a comment. A refused decision
 * is answered with its reason and recorded in the audit log.
 */
final class TaskHandlers {
  record DecisionBody(String comment) {}

  private final Store store;
  private final Engine engine;
  private final Tasks tasks;

  TaskHandlers(Store store, Engine engine, Tasks tasks) {
    this.store = store;
    this.engine = engine;
    this.tasks = tasks;
  }

  List<Route> routes() {
    return List.of(
        Route.get(
                "/api/v1/tasks",
                "Manual steps waiting for a person that the caller may see, with whether (and why"
                    + " not) the caller may decide.",
                this::list)
            .answersListOf(WaitingTask.class)
            .selfService(),
        Route.post(
                "/api/v1/steps/{id}/confirm",
                "Confirms a manual step waiting for a person; {comment}. The process goes on.",
                ctx -> decide(ctx, true))
            .answers(TaskDecided.class)
            .needs(Permission.APPROVE),
        Route.post(
                "/api/v1/steps/{id}/refuse",
                "Refuses a manual step waiting for a person; {comment}. The step fails.",
                ctx -> decide(ctx, false))
            .answers(TaskDecided.class)
            .needs(Permission.APPROVE));
  }

  private void list(Context ctx) {
    var p = ApiServer.principal(ctx);
    Json.ok(ctx, tasks.waitingFor(p.name(), p.admin()).stream().map(WaitingTask::of).toList());
  }

  private void decide(Context ctx, boolean confirm) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("step id must be a number");
    }
    var p = ApiServer.principal(ctx);
    String comment = ctx.body().isBlank() ? null : Json.body(ctx, DecisionBody.class).comment();
    Json.ok(ctx, new TaskDecided(id, decided(p.name(), p.admin(), id, confirm, comment, "API")));
  }

  /** Decides, or records the refusal in the audit log and refuses. */
  Tasks.Result decided(
      String user, boolean admin, long id, boolean confirm, String comment, String via) {
    try {
      return engine.decideTask(user, admin, id, confirm, comment, via);
    } catch (RequestRefused e) {
      store.write(
          r -> {
            Audit.record(
                r,
                Instant.now(),
                user,
                confirm ? "task.confirm" : "task.refuse",
                "step " + id,
                "refused",
                e.getMessage());
            return null;
          });
      throw e;
    }
  }
}
