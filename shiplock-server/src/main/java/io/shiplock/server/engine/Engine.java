package io.shiplock.server.engine;

import io.shiplock.core.config.Durations;
import io.shiplock.core.engine.NodeKind;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.engine.StepState;
import io.shiplock.core.model.StepSpec;
import io.shiplock.core.security.SecretBox;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.RunRepository.Request;
import io.shiplock.core.store.RunRepository.StepRun;
import io.shiplock.core.store.Store;
import io.shiplock.server.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The engine's handlers, one per event. Each runs in one transaction: lock the request, persist the
 * transition, advance; agents to wake are woken after the commit.
 */
public final class Engine {
  /** Attempts a retryable step gets in all. */
  static final int MAX_ATTEMPTS = 3;

  private final Store store;
  private final Clock clock;
  // Agents cannot have reached a server that was down: silence counts from this start at the
  // earliest, so a long outage does not fail the steps that ran on through it.
  private final Instant started;
  private final AgentHub hub;
  private final Advancer advancer;
  private final StepStarter starter;
  private final Notifier notifier;
  private final Approvals approvals;
  private final Triggers triggers;
  private final Outbox outbox;

  /** Effects after commits: record them in the transaction, apply them after it. */
  public Outbox outbox() {
    return outbox;
  }

  private final Payloads payloads;

  /** Opens queued work for the agent that takes it. */
  public Payloads payloads() {
    return payloads;
  }

  public Approvals approvals() {
    return approvals;
  }

  /** Where notifications go; null when the engine sends none (some tests). */
  public Notifier notifier() {
    return notifier;
  }

  public Engine(Store store, StepCatalog catalog, SecretBox secrets, Clock clock, AgentHub hub) {
    this(store, catalog, secrets, clock, hub, null);
  }

  public Engine(
      Store store,
      StepCatalog catalog,
      SecretBox secrets,
      Clock clock,
      AgentHub hub,
      Notifier notifier) {
    this.store = store;
    this.notifier = notifier;
    this.approvals = new Approvals(store, clock, notifier);
    this.triggers = new Triggers(store, clock, this);
    this.outbox = new Outbox(store, clock, this::apply, System.getenv(Outbox.HALT_HOOK));
    this.clock = clock;
    this.started = clock.instant();
    this.hub = hub;
    this.payloads = new Payloads(secrets);
    this.starter =
        new StepStarter(
            catalog, new PropertyContexts(secrets, new ConfigCache()), new ServerSteps(), payloads);
    this.advancer = new Advancer(starter);
  }

  /** The engine's clock: its timer sleeps until deadlines on it. */
  Clock clock() {
    return clock;
  }

  public AgentHub hub() {
    return hub;
  }

  /** Runs work on a locked request and advances it; wakes agents after the commit. */
  private <T> T onRequest(long requestId, BiConsumer<StepStarter.Ctx, AtomicReference<T>> work) {
    return onRequest(r -> requestId, work);
  }

  /** As above for the request of a step, found in the same transaction (one round trip less). */
  private <T> T onStep(long stepId, BiConsumer<StepStarter.Ctx, AtomicReference<T>> work) {
    return onRequest(
        r ->
            r.runs()
                .step(stepId)
                .map(StepRun::requestId)
                .orElseThrow(() -> new RequestRefused(404, "no step " + stepId)),
        work);
  }

  private <T> T onRequest(
      ToLongFunction<Repositories> which, BiConsumer<StepStarter.Ctx, AtomicReference<T>> work) {
    List<Long> wake = new ArrayList<>();
    AtomicReference<T> result = new AtomicReference<>();
    List<Long> effects = new ArrayList<>();
    store.write(
        r -> {
          long requestId = which.applyAsLong(r);
          Request req =
              r.runs()
                  .lock(requestId)
                  .orElseThrow(() -> new RequestRefused(404, "no request " + requestId));
          StepStarter.Ctx c =
              new StepStarter.Ctx(
                  r,
                  req,
                  new TreeMap<>(req.properties()),
                  new RunTree(r.runs(), requestId),
                  clock.instant(),
                  wake);
          work.accept(c, result);
          advancer.advance(c);
          // What happens outside the transaction is written inside it (the outbox).
          if (c.tree().requestEnded())
            effects.add(Outbox.record(r, c.now(), new Effect.RequestEnded(requestId)));
          for (var s : c.statusesAdded())
            effects.add(
                Outbox.record(
                    r,
                    c.now(),
                    new Effect.StatusAdded(s.component(), s.versionId(), s.version(), s.status())));
          return null;
        });
    hub.wake(wake); // a hint only: agents poll at least every 5 s, so a lost wake-up delays
    outbox.apply(effects);
    return result.get();
  }

  /** Applies an effect of the outbox; each tolerates being applied twice. */
  private void apply(Effect effect) {
    switch (effect) {
      case Effect.VersionCreated v ->
          triggers.versionCreated(v.component(), v.versionId(), v.version());
      case Effect.StatusAdded a ->
          triggers.statusAdded(a.component(), a.versionId(), a.version(), a.status());
      case Effect.RequestEnded e -> ended(e.requestId());
    }
  }

  /** Handler: a request is made. Checks it, stores it, starts it. */
  public long submit(
      String app,
      String env,
      String process,
      Map<String, String> versions,
      Map<String, String> props,
      String by) {
    NewRequests.Created created =
        store.write(
            r -> NewRequests.create(r, app, env, process, versions, props, by, clock.instant()));
    begin(created);
    return created.id();
  }

  /**
   * After a new request committed: approvers are told, or it starts. A crash before this leaves a
   * QUEUED request, which {@link #recover} starts.
   */
  void begin(NewRequests.Created created) {
    if (created.waitsForApproval()) approvals.notifyApprovers(created.id());
    else onRequest(created.id(), (c, out) -> {});
  }

  /**
   * Handler: an approver decides, through {@code via} ("API", "web UI", "email link"). An approval
   * that completes the count queues the request and advances it; a rejection ends it.
   */
  public Approvals.Result decide(
      String user, boolean admin, long requestId, boolean approve, String comment, String via) {
    Approvals.Result r = approvals.decide(user, admin, requestId, approve, comment, via);
    if (r == Approvals.Result.APPROVED) onRequest(requestId, (c, out) -> {});
    if (r == Approvals.Result.REJECTED) outbox.drain();
    return r;
  }

  /** Handler (timer): approvals that expired fail their requests. */
  public void expireApprovals() {
    if (!approvals.expire().isEmpty()) outbox.drain();
  }

  /** Tells the requester (and the webhook) how a request ended. */
  private void ended(long requestId) {
    if (notifier == null) return;
    store.read(
        r -> {
          Request req = r.runs().find(requestId).orElseThrow();
          notifier.requestEnded(req, r.users().find(req.requestedBy()).orElse(null));
          return null;
        });
  }

  /** Handler: someone cancels. Waiting steps end now; agents are told to stop theirs. */
  public void cancel(long requestId) {
    onRequest(
        requestId,
        (c, out) -> {
          if (c.request().state() == RequestState.WAITING_APPROVAL) {
            // Nothing has run: the request simply ends.
            c.repos()
                .runs()
                .finish(
                    requestId,
                    RequestState.CANCELED,
                    "canceled while waiting for approval",
                    c.now());
            c.tree().markRequestEnded();
            return;
          }
          if (!c.request().state().isAdvancing()) {
            throw new RequestRefused(
                409, "request " + requestId + " has already ended (" + c.request().state() + ")");
          }
          c.repos().runs().requestCancel(requestId);
          c.tree().markCancelRequested();
          for (StepRun s : c.tree().all()) {
            // A timer wait ends now; work no agent has taken yet is withdrawn. Steps an agent is
            // running end when the agent, told through its next poll, reports them canceled.
            boolean timerWait = s.state() == StepState.WAITING && s.deadline() != null;
            boolean unclaimed = s.state() == StepState.DISPATCHED && c.repos().work().drop(s.id());
            if (s.node() == NodeKind.STEP && (timerWait || unclaimed)) {
              starter.finish(c, s, StepState.CANCELED, "canceled", Map.of());
            }
          }
        });
  }

  /**
   * Handler: an agent began a step. A single conditional update, without the request's lock or an
   * advance: starting changes no decision of the graph, and it sits on every step's critical path
   * (docs/benchmarks.md, pipeline overhead).
   */
  public void started(Identity agent, long stepId, int attempt) {
    if (store.write(r -> r.runs().started(stepId, agent.agentId(), attempt))) return;
    // Not a dispatched step of this agent and attempt: a repeat is fine, anything else is refused.
    ownedBy(store.read(r -> r.runs().step(stepId)).orElse(null), agent, attempt);
  }

  /** The outcome of an agent's report. */
  public enum Applied {
    APPLIED,
    RETRYING,
    DUPLICATE
  }

  /**
   * Handler: an agent reports a step's end. Applied once per (step, attempt); a retry repeats.
   * {@code alongside} writes the rest of the report (its last log chunk) in the same transaction:
   * one commit per step end.
   */
  public Applied result(
      Identity agent,
      long stepId,
      int attempt,
      StepState state,
      Map<String, String> outputs,
      String message,
      Consumer<Repositories> alongside) {
    if (!state.isTerminal() || state == StepState.NOT_RUN)
      throw new RequestRefused(400, "a result must be SUCCEEDED, FAILED, SKIPPED or CANCELED");
    return onStep(
        stepId,
        (c, out) -> {
          StepRun s = c.tree().get(stepId);
          ownedBy(s, agent, attempt);
          alongside.accept(c.repos());
          if (s.state().isTerminal()) {
            if (s.state() != state) {
              throw new RequestRefused(409, "step " + stepId + " already ended as " + s.state());
            }
            out.set(Applied.DUPLICATE); // a retried delivery of the same result
            return;
          }
          StepSpec spec = c.tree().get(s.parentId()).spec().step(s.name()).orElseThrow();
          if (state == StepState.FAILED
              && spec.retryable()
              && attempt < MAX_ATTEMPTS
              && !c.request().cancelRequested()) {
            String previous = c.repos().work().payload(stepId, attempt).orElseThrow();
            starter.queue(
                c, s, spec, payloads.nextAttempt(previous, attempt + 1, c.now()), agent.agentId());
            out.set(Applied.RETRYING);
            return;
          }
          c.repos()
              .runs()
              .complete(stepId, agent.agentId(), attempt, state, outputs, message, c.now());
          c.tree().put(s.ended(state, c.now(), outputs, message));
          out.set(Applied.APPLIED);
        });
  }

  private static void ownedBy(StepRun s, Identity agent, int attempt) {
    if (s == null || s.node() != NodeKind.STEP) throw new RequestRefused(404, "no such step");
    if (s.agentId() == null || s.agentId() != agent.agentId()) {
      throw new RequestRefused(
          403, "step " + s.id() + " is not assigned to agent '" + agent.name() + "'");
    }
    if (s.attempt() != attempt) {
      throw new RequestRefused(
          409, "step " + s.id() + " is at attempt " + s.attempt() + ", not " + attempt);
    }
  }

  /** Handler: deadlines passed (waits end, steps time out). Returns when the next one is due. */
  public Instant timers() {
    Instant now = clock.instant();
    for (StepRun s : store.read(r -> r.runs().due(now))) {
      onRequest(
          s.requestId(),
          (c, out) -> {
            StepRun cur = c.tree().get(s.id());
            if (cur == null
                || cur.deadline() == null
                || cur.deadline().isAfter(c.now())
                || cur.state().isTerminal()) return;
            if (cur.state() == StepState.WAITING) { // a server wait: its time is up
              starter.finish(c, cur, StepState.SUCCEEDED, cur.message(), Map.of());
            } else {
              c.repos().work().drop(cur.id());
              starter.finish(
                  c,
                  cur,
                  StepState.FAILED,
                  "timed out after "
                      + Durations.format(Duration.between(cur.startedAt(), cur.deadline())),
                  Map.of());
            }
          });
    }
    return store.read(r -> r.runs().nextDeadline()).orElse(now.plusSeconds(60));
  }

  /** Handler: agents that stopped answering lose their steps (FAILED, never silently re-run). */
  public void agentsLost(Duration silence) {
    Instant cutoff = clock.instant().minus(silence);
    if (cutoff.isBefore(started)) return; // the grace period after a start
    for (Identity agent : store.read(r -> r.agents().silentSince(cutoff))) {
      failInFlight(
          agent,
          "agent '"
              + agent.name()
              + "' stopped answering (no heartbeat for "
              + silence.toSeconds()
              + " s)");
    }
  }

  /** Handler: an agent (re)started; steps it had in flight died with its previous process. */
  public void agentRestarted(Identity agent) {
    failInFlight(agent, "agent '" + agent.name() + "' restarted while the step was running");
  }

  /** Fails, never re-runs, the steps an agent had taken; the runs follow their failure edges. */
  private void failInFlight(Identity agent, String reason) {
    for (StepRun s : store.read(r -> r.runs().inFlightOn(agent.agentId()))) {
      onRequest(
          s.requestId(),
          (c, out) -> {
            StepRun cur = c.tree().get(s.id());
            if (cur.state().isTerminal()) return;
            c.repos().work().drop(cur.id());
            starter.finish(c, cur, StepState.FAILED, reason, Map.of());
          });
    }
  }

  /**
   * After a server start: advance every request that was in flight, and apply the effects a
   * previous process committed but did not live to apply.
   */
  public void recover() {
    for (long id : store.read(r -> r.runs().active())) onRequest(id, (c, out) -> {});
    outbox.drain();
  }
}
