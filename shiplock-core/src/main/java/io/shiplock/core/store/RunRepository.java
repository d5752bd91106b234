package io.shiplock.core.store;

import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.ProcessSpec;
import java.time.Instant;
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
      List<VersionRef> versions) {}

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
      List<VersionRef> versions) {}

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
    public StepRun with(StepState s, Instant started, Instant finished, Instant dl, String msg) {
      return new StepRun(
          id,
          requestId,
          parentId,
          node,
          position,
          name,
          type,
          s,
          attempt,
          component,
          versionId,
          resourcePath,
          agentId,
          spec,
          started,
          finished,
          dl,
          outputs,
          msg);
    }

    /** This step ended at {@code at} with these outputs. */
    public StepRun ended(StepState s, Instant at, Map<String, String> outs, String msg) {
      return new StepRun(
          id,
          requestId,
          parentId,
          node,
          position,
          name,
          type,
          s,
          attempt,
          component,
          versionId,
          resourcePath,
          agentId,
          spec,
          startedAt == null ? at : startedAt,
          at,
          null,
          outs,
          msg);
    }

    /** This step handed to an agent for an attempt. */
    public StepRun dispatched(long agent, int nextAttempt, Instant at, Instant dl) {
      return new StepRun(
          id,
          requestId,
          parentId,
          node,
          position,
          name,
          type,
          StepState.DISPATCHED,
          nextAttempt,
          component,
          versionId,
          resourcePath,
          agent,
          spec,
          at,
          null,
          dl,
          outputs,
          null);
    }

    /** The same step under the id the store gave it. */
    public StepRun withId(long newId) {
      return new StepRun(
          newId,
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

  /** Newest first. */
  List<Request> list(int limit);

  /**
   * These requests, in one read (a page naming the request behind each of its cells), by id; ids of
   * no request are left out.
   */
  List<Request> findAll(java.util.Collection<Long> ids);

  List<Long> active();

  void finish(long id, RequestState state, String message, Instant at);

  void markRunning(long id);

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

  Optional<Instant> nextDeadline();
}
