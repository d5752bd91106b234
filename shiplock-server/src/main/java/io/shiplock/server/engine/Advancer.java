package io.shiplock.server.engine;

import io.shiplock.core.engine.Decision;
import io.shiplock.core.engine.EnvironmentQueue;
import io.shiplock.core.engine.GraphDecider;
import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.Outcome;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepDecisions;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.ProcessSpec;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.store.RunRepository.StepRun;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the graph decision to a request until nothing changes: component processes on their
 * targets, install/run steps waiting on their targets, then the application process. The caller
 * holds the request's row lock.
 */
final class Advancer {
  private final StepStarter starter;

  Advancer(StepStarter starter) {
    this.starter = starter;
  }

  void advance(StepStarter.Ctx c) {
    if (!c.request().state().isAdvancing()) return;
    boolean cancel = c.request().cancelRequested() || c.tree().cancelRequested();
    if (c.request().state() == RequestState.QUEUED) {
      // A canceled request never waits for a place: it ends without running anything.
      if (!cancel && waitsForPlace(c)) return;
      c.repos().runs().markRunning(c.request().id());
    }
    for (int round = 0; round < 10_000; round++) {
      boolean changed = false;
      for (StepRun target : c.tree().all()) {
        if (target.node() == NodeKind.TARGET && target.state() == StepState.WAITING) {
          changed |= advanceGraph(c, target.spec(), target.id(), target, cancel);
        }
      }
      for (StepRun app : c.tree().children(null)) {
        if (app.state() == StepState.WAITING && app.type().startsWith("component."))
          changed |= settleFanOut(c, app);
      }
      if (c.tree().requestEnded()) return;
      changed |= advanceGraph(c, c.request().process(), null, null, cancel);
      if (c.tree().requestEnded() || !changed) return;
    }
    throw new IllegalStateException("request " + c.request().id() + " did not settle");
  }

  /**
   * True while the environment's concurrency limit keeps the request queued. Under the
   * environment's row lock, which every start in a limited environment takes, so two starts (two
   * nodes) never both take the last place. Taken right after the request's own lock, before any
   * step or inventory row, and only with a limit: an ending request never takes it, so no
   * transaction waits for the two in the other order (RequestTx, EngineTimers cover the start of
   * what queued behind an end).
   */
  private static boolean waitsForPlace(StepStarter.Ctx c) {
    var runs = c.repos().runs();
    String app = c.request().application();
    String env = c.request().environment();
    if (runs.concurrency(app, env) == 0) return false;
    int limit = runs.lockEnvironment(app, env);
    if (limit == 0) return false;
    return EnvironmentQueue.waitsFor(
            limit,
            runs.inEnvironment(app, env, RequestState.RUNNING),
            runs.inEnvironment(app, env, RequestState.QUEUED),
            c.request().id())
        .isPresent();
  }

  /** One decision on one graph; true when it changed anything. */
  private boolean advanceGraph(
      StepStarter.Ctx c, ProcessSpec spec, Long parentId, StepRun target, boolean cancel) {
    Decision d =
        GraphDecider.decide(spec, c.tree().states(parentId), c.tree().chosen(parentId), cancel);
    for (String name : d.start()) {
      StepSpec s = spec.step(name).orElseThrow();
      StepRun row = c.tree().child(parentId, name);
      // A new step's row is written by its start, in the state it starts in (an agent step is
      // created DISPATCHED: one write, not an insert and an update).
      if (row == null) row = newRow(c, spec, s, parentId, target, StepState.PENDING);
      starter.start(c, row, s, target);
    }
    if (d.outcome().isEmpty()) return !d.start().isEmpty() || endUnneededTasks(c, spec, parentId);
    for (String name : d.notRun()) {
      if (c.tree().child(parentId, name) == null) {
        c.tree()
            .insert(
                newRow(
                    c, spec, spec.step(name).orElseThrow(), parentId, target, StepState.NOT_RUN));
      }
    }
    Outcome outcome = d.outcome().get();
    String message = outcome == Outcome.FAILED ? firstFailure(c, parentId) : null;
    if (target != null) {
      starter.targetEnded(c, target, outcome.asStepState(), message);
    } else {
      c.repos().runs().finish(c.request().id(), RequestState.of(outcome), message, c.now());
      c.tree().markRequestEnded();
    }
    return true;
  }

  /**
   * A graph that failed (a failure no edge handles) starts nothing new and waits for what runs; a
   * manual step waiting for a person would keep it, and its request and environment's place, for
   * ever, for a confirmation that changes nothing. Such steps end as canceled. True when any did.
   */
  private boolean endUnneededTasks(StepStarter.Ctx c, ProcessSpec spec, Long parentId) {
    String failed = null;
    for (StepRun s : c.tree().children(parentId)) {
      var step = spec.step(s.name());
      if (s.state() == StepState.FAILED
          && step.isPresent()
          && step.get().onFailure().isEmpty()
          && step.get().always().isEmpty()) failed = s.name();
    }
    if (failed == null) return false;
    boolean ended = false;
    for (StepRun s : c.tree().children(parentId)) {
      if (s.state() != StepState.WAITING || !(ManualStep.is(s) || LockStep.is(s))) continue;
      if (LockStep.is(s)) c.repos().locks().leaveLine(s.id());
      starter.finish(
          c, s, StepState.CANCELED, "not needed: step '" + failed + "' failed", s.outputs());
      ended = true;
    }
    return ended;
  }

  /** A new row for a step of a graph; steps that never ran get no agent. */
  private static StepRun newRow(
      StepStarter.Ctx c,
      ProcessSpec spec,
      StepSpec s,
      Long parentId,
      StepRun target,
      StepState state) {
    StepRun.Builder row =
        StepRun.of(c.request().id(), NodeKind.STEP, s.name(), s.type())
            .parentId(parentId)
            .position(spec.steps().indexOf(s))
            .state(state);
    if (target != null) {
      Long agent = state == StepState.NOT_RUN ? null : target.agentId();
      row.placed(target.component(), target.resourcePath(), agent);
    }
    return row.build();
  }

  private boolean settleFanOut(StepStarter.Ctx c, StepRun app) {
    Optional<StepState> ended =
        StepDecisions.fanOutEnded(
            c.tree().children(app.id()).stream().map(StepRun::state).toList());
    if (ended.isEmpty()) return false;
    StepState state = ended.get();
    String message = state == StepState.FAILED ? firstFailure(c, app.id()) : null;
    starter.finish(c, app, state, message, Map.of());
    return true;
  }

  private static String firstFailure(StepStarter.Ctx c, Long parentId) {
    for (StepRun s : c.tree().children(parentId)) {
      if (s.state() == StepState.FAILED) {
        return s.message() != null && s.message().startsWith("step ")
            ? s.message()
            : "step '" + s.name() + "' failed" + (s.message() == null ? "" : ": " + s.message());
      }
    }
    return null;
  }
}
