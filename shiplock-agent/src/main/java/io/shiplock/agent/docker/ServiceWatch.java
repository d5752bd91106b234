package io.shiplock.agent.docker;

import com.github.dockerjava.api.model.ContainerSpec;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Watches a Swarm service until it has converged: every replica of the current spec runs, or the
 * rolling update ended otherwise (rolled back, paused). Swarm clears a service's update status when
 * its spec changes and sets it again only when tasks must be replaced, so "converged" is decided
 * from the tasks (the wanted number run, each with the service's container spec, not merely its
 * image) and, when the caller knows tasks must be replaced, from the update having completed. Task
 * changes are written to the step log as they happen: the live progress of a long rollout.
 */
final class ServiceWatch {
  /** How the wait ended: the image the service's tasks run, and a sentence for the log. */
  record Outcome(boolean ok, String image, String message) {}

  /** What ends the wait. */
  enum Expect {
    /** No update may follow (a create, a scale, an unchanged spec): the tasks decide. */
    TASKS,
    /** The spec changed so tasks must be replaced: only a completed update is success. */
    UPDATE,
    /** A rollback was asked for: only a completed rollback is success. */
    ROLLBACK
  }

  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * Tasks of the current spec that failed before a create fails: Swarm restarts them for ever, and
   * a broken version should not take the whole timeout to say so.
   */
  static final int FAILED_TASKS = 2;

  private static final Set<TaskState> FAILED = Set.of(TaskState.FAILED, TaskState.REJECTED);

  private final Context ctx;
  private final DockerEngine docker;
  private final String name;
  private final String id;
  private final Map<String, String> seen = new HashMap<>();

  /** Tasks there before the change this step made: their errors belong to earlier deploys. */
  private final Set<String> before;

  private boolean first = true;
  private ServiceUpdateState lastState;

  /** Why Swarm began to roll back: its last message ("rollback completed") no longer says. */
  private String reason;

  ServiceWatch(Context ctx, DockerEngine docker, String name, String id, Set<String> before) {
    this.ctx = ctx;
    this.docker = docker;
    this.name = name;
    this.id = id;
    this.before = Set.copyOf(before);
  }

  /** The ids of a service's tasks now: taken before a change, they tell old tasks from new. */
  static Set<String> taskIds(DockerEngine docker, String serviceId) {
    Set<String> ids = new HashSet<>();
    docker
        .client()
        .listTasksCmd()
        .withServiceFilter(serviceId)
        .exec()
        .forEach(t -> ids.add(t.getId()));
    return ids;
  }

  Outcome await(Duration timeout, Expect expect) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Service s = call(() -> docker.client().inspectServiceCmd(id).exec());
      List<Task> tasks = call(() -> docker.client().listTasksCmd().withServiceFilter(id).exec());
      report(tasks);
      List<Task> fresh = tasks.stream().filter(t -> !before.contains(t.getId())).toList();
      ServiceUpdateStatus status = s.getUpdateStatus();
      ServiceUpdateState state = status == null ? null : status.getState();
      if (state != null && state != lastState) {
        ctx.println(
            "service "
                + name
                + ": "
                + words(state)
                + (status.getMessage() == null ? "" : " (" + status.getMessage() + ")"));
        lastState = state;
        if (state == ServiceUpdateState.ROLLBACK_STARTED || paused(state))
          reason = status.getMessage();
      }
      ContainerSpec spec = s.getSpec().getTaskTemplate().getContainerSpec();
      String image = spec.getImage();
      List<Task> current = tasks.stream().filter(t -> isOf(t, spec)).toList();
      if (paused(state)) return new Outcome(false, image, failure(status, expect, fresh));
      long want = wanted(s, tasks);
      long running = running(current);
      boolean converged = running == want && stale(tasks, spec) == 0;
      // A rolled-back deploy fails once the earlier version runs again, so the service is stable
      // when the request moves on (to a rollback of its own, say).
      if (expect != Expect.ROLLBACK && state == ServiceUpdateState.ROLLBACK_COMPLETED && converged)
        return new Outcome(false, image, failure(status, expect, fresh));
      boolean settled =
          switch (expect) {
            case TASKS -> state == null || state == ServiceUpdateState.COMPLETED;
            case UPDATE -> state == ServiceUpdateState.COMPLETED;
            case ROLLBACK -> state == ServiceUpdateState.ROLLBACK_COMPLETED;
          };
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
      // Without an update (a create, failure action continue) Swarm restarts failing tasks for
      // ever: after a few failures of the current spec the answer is known.
      long failed = current.stream().filter(ServiceWatch::failed).count();
      if (state == null && failed >= FAILED_TASKS)
        return new Outcome(
            false,
            image,
            "service "
                + name
                + ": "
                + failed
                + " task(s) of "
                + image
                + " failed and Swarm keeps restarting them"
                + lastError(fresh));
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
                + (lastState == null ? "" : ", update " + words(lastState))
                + (status == null || status.getMessage() == null
                    ? ""
                    : " (" + status.getMessage() + ")")
                + lastError(fresh));
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Waits until the removed service has no task left anywhere in the swarm. The engine no longer
   * knows the service's name or id once it is removed (a task filter by service answers 404), so
   * every task is listed and those of this service counted.
   */
  void awaitGone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left =
          call(() -> docker.client().listTasksCmd().exec()).stream()
              .filter(t -> id.equals(t.getServiceId()))
              .count();
      if (left == 0) return;
      if (System.nanoTime() > deadline)
        throw new StepFailure(
            "service "
                + name
                + " was removed but "
                + left
                + " task(s) still exist after "
                + Durations.format(timeout));
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Swarm paused the update (failure action pause) or the rollback: nothing more will happen. */
  private static boolean paused(ServiceUpdateState state) {
    return state == ServiceUpdateState.PAUSED || state == ServiceUpdateState.ROLLBACK_PAUSED;
  }

  /**
   * An Engine API call; a cancel that interrupts it mid-call surfaces as the client's runtime
   * error, and is turned back into the interruption it is.
   */
  private static <T> T call(Supplier<T> engine) throws InterruptedException {
    try {
      return engine.get();
    } catch (RuntimeException e) {
      if (Thread.interrupted()) throw new InterruptedException("canceled");
      throw e;
    }
  }

  private String failure(ServiceUpdateStatus status, Expect expect, List<Task> fresh) {
    // Swarm's reason is in the message of "rollback started"; a quick rollback can pass between
    // two looks, and "rollback completed" says nothing, so then the task's own error tells why.
    String why = reason != null ? reason : status.getMessage();
    if (why != null && why.equalsIgnoreCase(words(status.getState()))) why = null;
    String what =
        switch (status.getState()) {
          case ROLLBACK_PAUSED ->
              expect == Expect.ROLLBACK
                  ? "the rollback failed and Swarm paused it"
                  : "the update failed and Swarm paused its rollback";
          case PAUSED -> "the update failed and Swarm paused it";
          default -> "the update failed and Swarm rolled it back";
        };
    return "service "
        + name
        + ": "
        + what
        + (why == null ? "" : " (" + why + ")")
        + lastError(fresh);
  }

  private static String words(ServiceUpdateState state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /**
   * Replicas wanted: the replicated count, or for a global service as many as Swarm means to run.
   */
  private static long wanted(Service s, List<Task> tasks) {
    var mode = s.getSpec().getMode();
    if (mode != null && mode.getReplicated() != null) return mode.getReplicated().getReplicas();
    return Math.max(
        1, tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).count());
  }

  private static long running(List<Task> current) {
    return current.stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING)
        .filter(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING)
        .count();
  }

  /** Tasks meant to run that are not of the current spec (the update is not done). */
  private static long stale(List<Task> tasks, ContainerSpec spec) {
    return tasks.stream()
        .filter(t -> t.getDesiredState() == TaskState.RUNNING)
        .filter(t -> !isOf(t, spec))
        .count();
  }

  /** A task of this container spec: its image and everything else (env, command, health check). */
  private static boolean isOf(Task t, ContainerSpec spec) {
    return t.getSpec() != null && Objects.equals(t.getSpec().getContainerSpec(), spec);
  }

  private static boolean failed(Task t) {
    return t.getStatus() != null && FAILED.contains(t.getStatus().getState());
  }

  private static String imageOf(Task t) {
    return t.getSpec() == null || t.getSpec().getContainerSpec() == null
        ? null
        : t.getSpec().getContainerSpec().getImage();
  }

  /**
   * The newest error of the given tasks (those this wait saw begin, so an old deploy's error is not
   * quoted), which says why a replica failed (unhealthy, exited, no image).
   */
  private static String lastError(List<Task> tasks) {
    return tasks.stream()
        .filter(t -> t.getStatus() != null && t.getStatus().getErr() != null)
        .max(Comparator.comparing(ServiceWatch::at))
        .map(t -> "; last task error: " + t.getStatus().getErr())
        .orElse("");
  }

  /** A task's status time; Go's RFC 3339 times drop trailing zeros, so they sort only parsed. */
  private static Instant at(Task t) {
    try {
      return Instant.parse(String.valueOf(t.getStatus().getTimestamp()));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /**
   * One log line per task state change. The first look skips the tasks of earlier deploys (their
   * history is not this step's progress).
   */
  private void report(List<Task> tasks) throws IOException {
    for (Task t : tasks) {
      if (t.getStatus() == null || t.getStatus().getState() == null) continue;
      String state = t.getStatus().getState().getValue();
      String line =
          state + (t.getStatus().getErr() == null ? "" : " (" + t.getStatus().getErr() + ")");
      if (line.equals(seen.put(t.getId(), line))) continue;
      if (first && t.getDesiredState() != TaskState.RUNNING) continue;
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
    first = false;
  }

  static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
  }
}
