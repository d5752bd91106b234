package io.shiplock.agent.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.ServiceUpdateStatus;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.shiplock.agent.step.StepFailure;
import io.shiplock.api.AgentStep.Context;
import io.shiplock.core.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches a Swarm service until it has converged: every replica of the current spec runs, or the
 * rolling update ended otherwise (rolled back, paused). Swarm clears a service's update status when
 * its spec changes and sets it again only when tasks must be replaced, so "converged" is decided
 * from the tasks: the wanted number run, each with the spec's image. Task changes are written to
 * the step log as they happen, which is the live progress of a long rollout.
 */
final class ServiceWatch {
  /** How the wait ended: the image the service's tasks run, and a sentence for the log. */
  record Outcome(boolean ok, String image, String message) {}

  private static final Duration POLL = Duration.ofMillis(500);

  private final Context ctx;
  private final DockerEngine docker;
  private final String name;
  private final String id;
  private final Map<String, String> seen = new HashMap<>();
  private ServiceUpdateState lastState;

  /** Why Swarm began to roll back: its last message ("rollback completed") no longer says. */
  private String reason;

  ServiceWatch(Context ctx, DockerEngine docker, String name, String id) {
    this.ctx = ctx;
    this.docker = docker;
    this.name = name;
    this.id = id;
  }

  Outcome await(Duration timeout, boolean rollback) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Service s = docker.client().inspectServiceCmd(id).exec();
      List<Task> tasks = docker.client().listTasksCmd().withServiceFilter(id).exec();
      report(tasks);
      ServiceUpdateStatus status = s.getUpdateStatus();
      ServiceUpdateState state = status == null ? null : status.getState();
      if (state != null && state != lastState) {
        ctx.println(
            "service "
                + name
                + ": "
                + state.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (status.getMessage() == null ? "" : " (" + status.getMessage() + ")"));
        lastState = state;
        if (state == ServiceUpdateState.ROLLBACK_STARTED || paused(state))
          reason = status.getMessage();
      }
      String image = s.getSpec().getTaskTemplate().getContainerSpec().getImage();
      if (paused(state)) return new Outcome(false, image, failure(status, tasks));
      long want = wanted(s);
      long running = running(tasks, image);
      boolean converged = running == want && stale(tasks, image) == 0;
      // A rolled-back deploy fails once the earlier version runs again, so the service is stable
      // when the request moves on (to a rollback of its own, say).
      if (!rollback && state == ServiceUpdateState.ROLLBACK_COMPLETED && converged)
        return new Outcome(false, image, failure(status, tasks));
      boolean settled =
          state == null
              || state == ServiceUpdateState.COMPLETED
              || (rollback && state == ServiceUpdateState.ROLLBACK_COMPLETED);
      if (settled && converged)
        return new Outcome(
            true,
            image,
            "service "
                + name
                + " runs "
                + image
                + " on "
                + running
                + " of "
                + want
                + " replica(s)");
      if (System.nanoTime() > deadline)
        return new Outcome(
            false,
            image,
            "service "
                + name
                + " did not converge within "
                + Durations.format(timeout)
                + ": "
                + running
                + " of "
                + want
                + " replica(s) run "
                + image
                + (lastState == null ? "" : ", update " + lastState.name().toLowerCase(Locale.ROOT))
                + (status == null || status.getMessage() == null
                    ? ""
                    : " (" + status.getMessage() + ")")
                + lastError(tasks));
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Waits until the removed service has no task left. */
  void awaitGone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Task> tasks;
      try {
        tasks = docker.client().listTasksCmd().withServiceFilter(id).exec();
      } catch (NotFoundException e) {
        return;
      }
      if (tasks.isEmpty()) return;
      if (System.nanoTime() > deadline)
        throw new StepFailure(
            "service "
                + name
                + " was removed but "
                + tasks.size()
                + " task(s) still exist after "
                + Durations.format(timeout));
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Swarm paused the update (failure action pause) or the rollback: nothing more will happen. */
  private static boolean paused(ServiceUpdateState state) {
    return state == ServiceUpdateState.PAUSED || state == ServiceUpdateState.ROLLBACK_PAUSED;
  }

  private String failure(ServiceUpdateStatus status, List<Task> tasks) {
    String why =
        reason != null
            ? reason
            : status.getMessage() == null ? status.getState().name() : status.getMessage();
    return "service "
        + name
        + ": the update failed and Swarm "
        + (status.getState() == ServiceUpdateState.PAUSED
            ? "paused it"
            : status.getState() == ServiceUpdateState.ROLLBACK_PAUSED
                ? "paused its rollback"
                : "rolled it back")
        + " ("
        + why
        + ")"
        + lastError(tasks);
  }

  private static long wanted(Service s) {
    var mode = s.getSpec().getMode();
    return mode == null || mode.getReplicated() == null ? 1 : mode.getReplicated().getReplicas();
  }

  private static long running(List<Task> tasks, String image) {
    return tasks.stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING)
        .filter(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING)
        .filter(t -> image.equals(imageOf(t)))
        .count();
  }

  /** Tasks meant to run that are not of the current spec's image (the update is not done). */
  private static long stale(List<Task> tasks, String image) {
    return tasks.stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING)
        .filter(t -> !image.equals(imageOf(t)))
        .count();
  }

  private static String imageOf(Task t) {
    return t.getSpec() == null || t.getSpec().getContainerSpec() == null
        ? null
        : t.getSpec().getContainerSpec().getImage();
  }

  /** The newest task error, which says why a replica failed (unhealthy, exited, no image). */
  private static String lastError(List<Task> tasks) {
    return tasks.stream()
        .filter(t -> t.getStatus() != null && t.getStatus().getErr() != null)
        .max(Comparator.comparing(t -> String.valueOf(t.getStatus().getTimestamp())))
        .map(t -> "; last task error: " + t.getStatus().getErr())
        .orElse("");
  }

  /** One log line per task state change. */
  private void report(List<Task> tasks) throws IOException {
    for (Task t : tasks) {
      if (t.getStatus() == null || t.getStatus().getState() == null) continue;
      String state = t.getStatus().getState().getValue();
      String line =
          state + (t.getStatus().getErr() == null ? "" : " (" + t.getStatus().getErr() + ")");
      if (line.equals(seen.put(t.getId(), line))) continue;
      ctx.println(
          "task "
              + name
              + "."
              + t.getSlot()
              + " "
              + shortId(t.getId())
              + " "
              + imageOf(t)
              + ": "
              + line);
    }
  }

  static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }
}
