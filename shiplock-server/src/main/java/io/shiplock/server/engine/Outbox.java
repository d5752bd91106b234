package io.shiplock.server.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiplock.core.store.OutboxRepository;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox: effects are recorded in the transaction that causes them, applied right
 * after its commit, and applied again at start-up and by the engine's timer when a server died
 * before applying them. A claim is a lease ({@link #LEASE}): an effect whose claimer died is
 * applied by whoever finds it after the lease ran out, so the outbox works across server nodes.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Longer than any effect takes (a trigger's request, an email). */
  static final Duration LEASE = Duration.ofSeconds(60);

  /**
   * Test hook (crash tests only): the server halts, as with kill -9, after the commit and before it
   * claims the first effect of this kind. (An effect claimed by a server that died is applied once
   * the claim's lease runs out: the outbox contract test covers that.)
   */
  static final String HALT_HOOK = "SHIPLOCK_TEST_HALT_BEFORE_EFFECT";

  private final Store store;
  private final Clock clock;
  private final String haltBefore;

  Outbox(Store store, Clock clock, String haltBefore) {
    this.store = store;
    this.clock = clock;
    this.haltBefore = haltBefore;
  }

  /** Records an effect in the caller's transaction; its id, to {@link #apply} after the commit. */
  public static long record(Repositories r, Instant at, Effect effect) {
    try {
      return r.outbox().add(effect.kind(), JSON.writeValueAsString(effect), at);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Applies effects recorded by a transaction that committed, with {@code handler}. */
  void apply(List<Long> ids, Consumer<Effect> handler) {
    for (long id : ids) applyOne(id, handler);
  }

  /** Applies every effect nobody holds (start-up, timer, after a commit that recorded some). */
  void drain(Consumer<Effect> handler) {
    for (long id : store.read(r -> r.outbox().claimable(clock.instant(), 100)))
      applyOne(id, handler);
  }

  private void applyOne(long id, Consumer<Effect> handler) {
    if (haltBefore != null
        && store.read(r -> r.outbox().kind(id)).filter(haltBefore::equals).isPresent())
      Runtime.getRuntime().halt(137);
    Instant now = clock.instant();
    Optional<OutboxRepository.Effect> claimed =
        store.write(r -> r.outbox().claim(id, now, now.plus(LEASE)));
    if (claimed.isEmpty()) return; // applied already, or being applied by another thread or node
    OutboxRepository.Effect row = claimed.get();
    try {
      handler.accept(decode(row));
      store.write(
          r -> {
            r.outbox().remove(id);
            return null;
          });
    } catch (RuntimeException e) {
      // Left claimed: applied again once the lease runs out.
      LOG.warn("effect {} ({}) failed, retried in {}: {}", id, row.kind(), LEASE, e.toString());
    }
  }

  private static Effect decode(OutboxRepository.Effect row) {
    Class<? extends Effect> type =
        switch (row.kind()) {
          case "versionCreated" -> Effect.VersionCreated.class;
          case "statusAdded" -> Effect.StatusAdded.class;
          case "requestEnded" -> Effect.RequestEnded.class;
          case "placeFreed" -> Effect.PlaceFreed.class;
          case "taskWaiting" -> Effect.TaskWaiting.class;
          case "lockFreed" -> Effect.LockFreed.class;
          default -> throw new IllegalStateException("unknown effect kind '" + row.kind() + "'");
        };
    try {
      return JSON.readValue(row.payload(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt effect " + row.id() + ": " + e.getMessage(), e);
    }
  }
}
