package io.shiplock.server.engine;

import io.shiplock.core.security.SecretBox;
import io.shiplock.core.steps.StepCatalog;
import io.shiplock.core.store.Store;
import io.shiplock.server.notify.Notifier;
import java.time.Clock;

/**
 * The engine's part of the composition root: builds its collaborators once, hands the engine its
 * handlers, and gives the server the parts its API handlers use directly (the agent hub, the
 * payload opener, the approvals inbox), so no handler reaches through the engine for them.
 */
public final class EngineWiring {
  private EngineWiring() {}

  /** What the server wires into its routes. */
  public record Wired(
      Engine engine,
      AgentHub hub,
      Payloads payloads,
      Approvals approvals,
      Tasks tasks,
      StepLogs logs) {}

  /**
   * {@code logLimit}: the most characters of output one step attempt keeps; {@code meters}: told of
   * each request that ended.
   */
  public static Wired wire(
      Store store,
      StepCatalog catalog,
      SecretBox secrets,
      Clock clock,
      Notifier notifier,
      long logLimit,
      EngineMeters meters) {
    AgentHub hub = new AgentHub();
    Payloads payloads = new Payloads(secrets);
    Approvals approvals = new Approvals(store, clock, notifier);
    StepStarter starter =
        new StepStarter(
            catalog, new PropertyContexts(secrets, new ConfigCache()), new ServerSteps(), payloads);
    StepLogs logs = new StepLogs(store, clock, logLimit);
    RequestTx tx = new RequestTx(store, clock, hub, new Advancer(starter));
    OnRequestMade requestMade = new OnRequestMade(store, clock, approvals, tx);
    Engine.Handlers on =
        new Engine.Handlers(
            requestMade,
            new OnApprovalDecided(approvals, tx),
            new OnCancel(tx, starter),
            new OnAgentStarted(store),
            new OnAgentFinished(tx, starter, payloads, logs),
            new OnDeadlines(store, clock, tx, starter),
            new OnAgentsSilent(store, clock, tx, starter),
            new OnAgentRestarted(tx, starter),
            new OnServerStarted(store, tx),
            new OnRequestEnded(store, notifier, meters),
            new OnPlaceFreed(store, tx),
            new OnScheduleDue(store, tx),
            new OnLockFreed(store, tx, starter));
    Outbox outbox = new Outbox(store, clock, System.getenv(Outbox.HALT_HOOK));
    Tasks tasks = new Tasks(store, notifier, tx, starter);
    Engine engine =
        new Engine(
            on, approvals, new Triggers(store, clock), new Schedules(store, clock), tasks, outbox);
    return new Wired(engine, hub, payloads, approvals, tasks, logs);
  }
}
