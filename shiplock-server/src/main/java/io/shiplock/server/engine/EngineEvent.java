package io.shiplock.server.engine;

import io.shiplock.core.engine.StepState;
import io.shiplock.core.store.AgentRepository.Identity;
import java.time.Duration;
import java.util.Map;

/**
 * What happens to requests, each as a record. {@link Engine} dispatches each to its own handler
 * class ({@code On…}); every handler changes a request in one transaction and hands the effects it
 * recorded back to the engine, which applies them after the commit.
 */
public sealed interface EngineEvent {
  /**
   * Someone (a user, the API, a trigger) asks for a process on an environment, with versions or
   * with the versions of {@code snapshot} (null when it names versions).
   */
  record RequestMade(
      String application,
      String environment,
      String process,
      Map<String, String> versions,
      Map<String, String> properties,
      String snapshot,
      String by,
      Timing timing)
      implements EngineEvent {}

  /** An approver decided, through {@code via} ("API", "web UI", "email link"). */
  record ApprovalDecided(
      String user, boolean admin, long requestId, boolean approve, String comment, String via)
      implements EngineEvent {}

  /** Time passed: approvals whose time is up fail their requests. */
  record ApprovalsDue() implements EngineEvent {}

  record CancelRequested(long requestId) implements EngineEvent {}

  /** An agent began a step. */
  record AgentStarted(Identity agent, long stepId, int attempt) implements EngineEvent {}

  /**
   * An agent reports a step's end. {@code tail}, the last piece of its output (or null), is stored
   * in the same transaction: one commit per step end, and the log is whole when the step shows as
   * ended. {@code takesNext}: the agent takes work in the answer, so the transaction claims the
   * agent's next step (one commit and one round trip less per step; agents before it say false).
   */
  record AgentFinished(
      Identity agent,
      long stepId,
      int attempt,
      StepState state,
      Map<String, String> outputs,
      String message,
      StepLogs.Tail tail,
      boolean takesNext)
      implements EngineEvent {}

  /** Time passed: waits end, steps time out. */
  record DeadlinesDue() implements EngineEvent {}

  /** Agents that sent no heartbeat for {@code silence} lose their steps. */
  record AgentsSilent(Duration silence) implements EngineEvent {}

  /** An agent (re)started: steps it had in flight died with its previous process. */
  record AgentRestarted(Identity agent) implements EngineEvent {}

  /** This server started: requests in flight go on, effects a dead process left are applied. */
  record ServerStarted() implements EngineEvent {}
}
