package io.shiplock.core.service;

import io.shiplock.core.engine.EnvironmentQueue;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.store.RunRepository;
import io.shiplock.core.store.RunRepository.Request;
import java.util.Optional;

/**
 * What a queued request waits for, as the API, the CLI and the web page show it: the request that
 * holds its environment's place. A read without the environment's lock, so it is a view: the engine
 * decides again when it starts the request.
 */
public final class QueuedRequests {
  private QueuedRequests() {}

  /** The request {@code req} waits for; empty when it is not queued behind one. */
  public static Optional<Long> waitingFor(RunRepository runs, Request req) {
    if (req.state() != RequestState.QUEUED) return Optional.empty();
    String app = req.application();
    String env = req.environment();
    int limit = runs.concurrency(app, env);
    if (limit == 0) return Optional.empty();
    return EnvironmentQueue.waitsFor(
        limit,
        runs.inEnvironment(app, env, RequestState.RUNNING),
        runs.inEnvironment(app, env, RequestState.QUEUED),
        req.id());
  }
}
