package io.shiplock.server.engine;

import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.WorkQueue;
import io.shiplock.server.engine.EngineEvent.AgentFinished;
import io.shiplock.server.engine.EngineEvent.AgentRestarted;
import io.shiplock.server.engine.EngineEvent.AgentStarted;
import io.shiplock.server.engine.EngineEvent.AgentsSilent;
import io.shiplock.server.engine.EngineEvent.ApprovalDecided;
import io.shiplock.server.engine.EngineEvent.CancelRequested;
import io.shiplock.server.engine.EngineEvent.RequestMade;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher: each {@link EngineEvent} goes to its own handler ({@code On…}), and the effects a
 * handler's transaction recorded are applied after it committed. Applying an effect (a trigger's
 * request, a notification) can commit more effects, which are applied in turn. The parts are built
 * in {@link EngineWiring}.
 */
public final class Engine implements EffectSink {
  /** The handlers, one per event. */
  record Handlers(
      OnRequestMade requestMade,
      OnApprovalDecided approvalDecided,
      OnCancel cancel,
      OnAgentStarted agentStarted,
      OnAgentFinished agentFinished,
      OnDeadlines deadlines,
      OnAgentsSilent agentsSilent,
      OnAgentRestarted agentRestarted,
      OnServerStarted serverStarted,
      OnRequestEnded requestEnded,
      OnPlaceFreed placeFreed,
      OnScheduleDue scheduleDue,
      OnLockFreed lockFreed) {}

  private final Handlers on;
  private final Approvals approvals;
  private final Triggers triggers;
  private final Schedules schedules;
  private final Tasks tasks;
  private final Outbox outbox;

  Engine(
      Handlers on,
      Approvals approvals,
      Triggers triggers,
      Schedules schedules,
      Tasks tasks,
      Outbox outbox) {
    this.on = on;
    this.approvals = approvals;
    this.triggers = triggers;
    this.schedules = schedules;
    this.tasks = tasks;
    this.outbox = outbox;
  }

  /** The outcome of an agent's report. */
  public enum Applied {
    APPLIED,
    RETRYING,
    DUPLICATE
  }

  /** A request is made; returns its id. */
  public long submit(
      String app,
      String env,
      String process,
      Map<String, String> versions,
      Map<String, String> props,
      String by) {
    return submit(app, env, process, versions, props, null, by);
  }

  /**
   * A request is made deploying a snapshot: {@code versions} are its versions, and the gate checks
   * its snapshot statuses too. Returns its id.
   */
  public long submit(
      String app,
      String env,
      String process,
      Map<String, String> versions,
      Map<String, String> props,
      String snapshot,
      String by) {
    return submit(app, env, process, versions, props, snapshot, by, Timing.NOW);
  }

  /**
   * As above, with its {@code timing}: a request for later is checked now and again when its time
   * comes, and is SCHEDULED until then; the timing also says what it does in a blackout window.
   */
  public long submit(
      String app,
      String env,
      String process,
      Map<String, String> versions,
      Map<String, String> props,
      String snapshot,
      String by,
      Timing timing) {
    return applied(
        on.requestMade()
            .handle(new RequestMade(app, env, process, versions, props, snapshot, by, timing)));
  }

  /** An approver decides, through {@code via} ("API", "web UI", "email link"). */
  public Approvals.Result decide(
      String user, boolean admin, long requestId, boolean approve, String comment, String via) {
    return applied(
        on.approvalDecided()
            .handle(new ApprovalDecided(user, admin, requestId, approve, comment, via)));
  }

  /** A person confirms or refuses a manual task (step {@code stepId}), through {@code via}. */
  public Tasks.Result decideTask(
      String user, boolean admin, long stepId, boolean confirm, String comment, String via) {
    return applied(tasks.decide(user, admin, stepId, confirm, comment, via));
  }

  /** Timer: approvals that expired fail their requests. */
  public void expireApprovals() {
    applyCommitted(approvals.expire());
  }

  public void cancel(long requestId) {
    applied(on.cancel().handle(new CancelRequested(requestId)));
  }

  public void started(Identity agent, long stepId, int attempt) {
    on.agentStarted().handle(new AgentStarted(agent, stepId, attempt));
  }

  /**
   * What became of an agent's report, and the agent's work its transaction claimed for the answer
   * (empty unless the agent takes work there).
   */
  public record Answer(Applied applied, List<WorkQueue.Item> next) {}

  /** An agent reports a step's end. */
  public Answer result(AgentFinished report) {
    return applied(on.agentFinished().handle(report));
  }

  /** Timer: deadlines passed. Returns when the next one is due. */
  public Instant timers() {
    return applied(on.deadlines().handle());
  }

  /** Timer: agents silent for {@code silence} lose their steps. */
  public void agentsLost(Duration silence) {
    applyCommitted(on.agentsSilent().handle(new AgentsSilent(silence)));
  }

  public void agentRestarted(Identity agent) {
    applyCommitted(on.agentRestarted().handle(new AgentRestarted(agent)));
  }

  /**
   * After a server start: advance every request that was in flight, and apply the effects a
   * previous process committed but did not live to apply.
   */
  public void recover() {
    applyCommitted(on.serverStarted().handle());
    drainEffects();
  }

  /**
   * Timer: the head of each environment's queue that waited more than {@code waited} is advanced:
   * it starts when it has a place (nothing else may have started it).
   */
  public void startQueued(Instant now, Duration waited) {
    applyCommitted(on.placeFreed().heads(now.minus(waited)));
  }

  /** Timer: every free lock that steps wait for goes to the oldest in its line. */
  public void handOverLocks() {
    applyCommitted(on.lockFreed().free());
  }

  /** Timer: scheduled requests whose time came are checked again and started, or failed. */
  public void startScheduled(Instant now) {
    applyCommitted(on.scheduleDue().handle(now));
  }

  /** Timer: recurring schedules whose time came request their deployments. */
  public void fireSchedules() {
    begin(schedules.due());
  }

  /** Timer: effects whose claimer died (its lease ran out), or that failed, are applied again. */
  public void drainEffects() {
    outbox.drain(this::apply);
  }

  @Override
  public void applyCommitted(List<Long> effectIds) {
    outbox.apply(effectIds, this::apply);
  }

  private <T> T applied(Committed<T> committed) {
    applyCommitted(committed.effects());
    return committed.value();
  }

  /** Applies an effect of the outbox; each tolerates being applied twice. */
  private void apply(Effect effect) {
    switch (effect) {
      case Effect.VersionCreated v ->
          begin(triggers.versionCreated(v.component(), v.versionId(), v.version()));
      case Effect.StatusAdded a ->
          begin(triggers.statusAdded(a.component(), a.versionId(), a.version(), a.status()));
      case Effect.RequestEnded e -> on.requestEnded().handle(e);
      case Effect.PlaceFreed p -> applyCommitted(on.placeFreed().handle(p));
      case Effect.TaskWaiting t -> tasks.notifyDeciders(t.stepId());
      case Effect.LockFreed l -> applyCommitted(on.lockFreed().handle(l));
    }
  }

  private void begin(List<NewRequests.Created> made) {
    for (NewRequests.Created created : made) applied(on.requestMade().begin(created));
  }
}
