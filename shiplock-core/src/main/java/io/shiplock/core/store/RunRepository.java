package io.shiplock.core.store;

import io.shiplock.core.engine.BlackoutPolicy;
import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.insights.Deployment;
import io.shiplock.core.model.ProcessSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Requests and their step trees: the engine's durable state. */
public interface RunRepository {
  record VersionRef(String component, String version, long versionId) {}

  record NewRequest(
      String application,
      String environment,
      ProcessSpec process,
      String requestedBy,
      Instant at,
      Map<String, String> properties,
      List<VersionRef> versions,
      String snapshot,
      Instant scheduledFor,
      BlackoutPolicy blackoutPolicy) {}

  record Request(
      long id,
      String application,
      String environment,
      ProcessSpec process,
      String requestedBy,
      Instant requestedAt,
      RequestState state,
      Map<String, String> properties,
      boolean cancelRequested,
      Instant finishedAt,
      String message,
      List<VersionRef> versions,
      String snapshot,
      Instant scheduledFor,
      BlackoutPolicy blackoutPolicy) {}

  /**
   * One row of the step tree ({@link NodeKind}). A target's {@code versionId} is the version it
   * works on (the requested one, or the earlier one a rollback redeploys), null when it works on
   * what the inventory has.
   */
  record StepRun(
      long id,
      long requestId,
      Long parentId,
      NodeKind node,
      int position,
      String name,
      String type,
      StepState state,
      int attempt,
      String component,
      Long versionId,
      String resourcePath,
      Long agentId,
      ProcessSpec spec,
      Instant startedAt,
      Instant finishedAt,
      Instant deadline,
      Map<String, String> outputs,
      String message) {
    /** A new row of {@code requestId}'s tree: no id yet, never attempted, no outputs. */
    public static Builder of(long requestId, NodeKind node, String name, String type) {
      return new Builder(
          new StepRun(
              0,
              requestId,
              null,
              node,
              0,
              name,
              type,
              StepState.PENDING,
              0,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              Map.of(),
              null));
    }

    /** A copy to change a few fields of; the rest stay as they are. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** This step's progress changed: state, times and message together. */
    public StepRun with(StepState s, Instant started, Instant finished, Instant dl, String msg) {
      return toBuilder()
          .state(s)
          .startedAt(started)
          .finishedAt(finished)
          .deadline(dl)
          .message(msg)
          .build();
    }

    /** This step ended at {@code at} with these outputs. */
    public StepRun ended(StepState s, Instant at, Map<String, String> outs, String msg) {
      return with(s, startedAt == null ? at : startedAt, at, null, msg).toBuilder()
          .outputs(outs)
          .build();
    }

    /** This step handed to an agent for an attempt. */
    public StepRun dispatched(long agent, int nextAttempt, Instant at, Instant dl) {
      return with(StepState.DISPATCHED, at, null, dl, null).toBuilder()
          .attempt(nextAttempt)
          .agentId(agent)
          .build();
    }

    /** The same step under the id the store gave it. */
    public StepRun withId(long newId) {
      return toBuilder().id(newId).build();
    }

    /** Changes fields of a {@link StepRun} by name: 19 positional arguments invite swaps. */
    public static final class Builder {
      private long id;
      private final long requestId;
      private Long parentId;
      private final NodeKind node;
      private int position;
      private final String name;
      private final String type;
      private StepState state;
      private int attempt;
      private String component;
      private Long versionId;
      private String resourcePath;
      private Long agentId;
      private ProcessSpec spec;
      private Instant startedAt;
      private Instant finishedAt;
      private Instant deadline;
      private Map<String, String> outputs;
      private String message;

      private Builder(StepRun r) {
        id = r.id;
        requestId = r.requestId;
        parentId = r.parentId;
        node = r.node;
        position = r.position;
        name = r.name;
        type = r.type;
        state = r.state;
        attempt = r.attempt;
        component = r.component;
        versionId = r.versionId;
        resourcePath = r.resourcePath;
        agentId = r.agentId;
        spec = r.spec;
        startedAt = r.startedAt;
        finishedAt = r.finishedAt;
        deadline = r.deadline;
        outputs = r.outputs;
        message = r.message;
      }

      public Builder id(long v) {
        id = v;
        return this;
      }

      public Builder parentId(Long v) {
        parentId = v;
        return this;
      }

      public Builder position(int v) {
        position = v;
        return this;
      }

      public Builder state(StepState v) {
        state = v;
        return this;
      }

      public Builder attempt(int v) {
        attempt = v;
        return this;
      }

      /** Where it runs: the component and resource of its target. */
      public Builder placed(String componentName, String resource, Long agent) {
        component = componentName;
        resourcePath = resource;
        agentId = agent;
        return this;
      }

      public Builder agentId(Long v) {
        agentId = v;
        return this;
      }

      public Builder versionId(Long v) {
        versionId = v;
        return this;
      }

      public Builder spec(ProcessSpec v) {
        spec = v;
        return this;
      }

      public Builder startedAt(Instant v) {
        startedAt = v;
        return this;
      }

      public Builder finishedAt(Instant v) {
        finishedAt = v;
        return this;
      }

      public Builder deadline(Instant v) {
        deadline = v;
        return this;
      }

      public Builder outputs(Map<String, String> v) {
        outputs = v;
        return this;
      }

      public Builder message(String v) {
        message = v;
        return this;
      }

      public StepRun build() {
        return new StepRun(
            id,
            requestId,
            parentId,
            node,
            position,
            name,
            type,
            state,
            attempt,
            component,
            versionId,
            resourcePath,
            agentId,
            spec,
            startedAt,
            finishedAt,
            deadline,
            outputs,
            message);
      }
    }
  }

  /** A component-environment value recorded by a step. */
  record RuntimeProperty(
      String component, String name, String value, Instant setAt, long requestId) {}

  void setRuntimeProperty(
      String app,
      String env,
      String component,
      String name,
      String value,
      long requestId,
      Instant at);

  /** Values steps recorded in an environment, by component and name. */
  List<RuntimeProperty> runtimeProperties(String app, String env);

  long create(NewRequest request);

  Optional<Request> find(long id);

  /** The request, locked until the transaction ends: one engine thread advances it at a time. */
  Optional<Request> lock(long id);

  /**
   * The request of a step, locked as by {@link #lock}: found and locked in one statement (a
   * result's transaction starts with it; issue 18). Empty when there is no such step.
   */
  Optional<Request> lockOfStep(long stepId);

  /** Newest first. */
  List<Request> list(int limit);

  /** The environment's most recent request that succeeded, if any. */
  Optional<Request> lastSucceeded(String application, String environment);

  /**
   * The environment's deployments that ended (succeeded or failed) before {@code until}, oldest
   * first, each with the versions it deployed: those its targets worked on (a rollback's earlier
   * version), else those it named. A request that deployed no version is left out. The delivery
   * insights are computed from this history.
   */
  List<Deployment> deployments(String application, String environment, Instant until);

  /**
   * These requests, in one read (a page naming the request behind each of its cells), by id; ids of
   * no request are left out.
   */
  List<Request> findAll(Collection<Long> ids);

  List<Long> active();

  /**
   * The environment's concurrency limit (0: none), its row locked until the transaction ends: a
   * request starting in the environment and one ending there take this lock, so on a store with row
   * locks two nodes never both see a free place, and an ending request sees every request that
   * queued behind it. 0 for an environment that no longer exists.
   */
  int lockEnvironment(String application, String environment);

  /** The environment's concurrency limit (0: none), read without a lock (for display). */
  int concurrency(String application, String environment);

  /**
   * The oldest QUEUED request of each environment, among those made before {@code before}: the
   * heads of the queues, which the engine's timer advances.
   */
  List<Long> queueHeads(Instant before);

  /** Ids of the environment's requests in {@code state}, oldest first. */
  List<Long> inEnvironment(String application, String environment, RequestState state);

  void finish(long id, RequestState state, String message, Instant at);

  void markRunning(long id);

  /** Scheduled requests whose time has come ({@code scheduledFor <= now}), oldest time first. */
  List<Long> scheduledDue(Instant now);

  /** A scheduled request whose time came and whose checks passed joins its environment's queue. */
  void queueScheduled(long id);

  /**
   * A scheduled or queued request waits (longer) until {@code at}, the end of a blackout window: it
   * is SCHEDULED for then.
   */
  void reschedule(long id, Instant at);

  /**
   * Claims the firing of recurring schedule {@code schedule} at {@code at}, as configured then
   * ({@code fingerprint}): true for the one transaction (of any node) that claims it first, false
   * for any other.
   */
  boolean claimFiring(String schedule, Instant at, String fingerprint);

  /** The latest firing of a schedule: its time and the schedule's fingerprint then. */
  record Firing(Instant at, String fingerprint) {}

  /** What a claimed firing did: REQUESTED (with its request), REFUSED or FAILED, and why. */
  void fired(String schedule, Instant at, Long requestId, String outcome, String detail);

  /** The latest firing of a schedule, if it ever fired (or was armed). */
  Optional<Firing> lastFiring(String schedule);

  void setProperties(long id, Map<String, String> properties);

  void requestCancel(long id);

  List<StepRun> steps(long requestId);

  Optional<StepRun> step(long stepId);

  long insert(StepRun step);

  void update(StepRun step);

  /** Sets state, attempt, agent, deadline and start of an agent step being dispatched. */
  void dispatch(long stepId, long agentId, int attempt, Instant at, Instant deadline);

  /**
   * Applies an agent's result once: only for this agent's step, this attempt, while it is still
   * dispatched or running. False when it does not apply (already finished, another attempt, another
   * agent).
   */
  boolean complete(
      long stepId,
      long agentId,
      int attempt,
      StepState state,
      Map<String, String> outputs,
      String message,
      Instant at);

  /** Marks an agent step running (first sign of life from the agent). */
  boolean started(long stepId, long agentId, int attempt);

  /**
   * Steps an agent has taken and not finished: running, or dispatched and claimed. Work still in
   * the queue is not in flight; it waits for the agent (bounded by the step's timeout).
   */
  List<StepRun> inFlightOn(long agentId);

  /** Steps whose deadline has passed. */
  List<StepRun> due(Instant now);

  /** Steps of a type that wait (manual steps waiting for a person), oldest first. */
  List<StepRun> waiting(String type);

  Optional<Instant> nextDeadline();
}
