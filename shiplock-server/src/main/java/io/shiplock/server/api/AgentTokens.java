package io.shiplock.server.api;

import io.shiplock.core.security.Tokens;
import io.shiplock.core.store.AgentRepository.Identity;
import io.shiplock.core.store.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Which agent a token belongs to, kept for a few seconds after the store said so. Every agent call
 * is authenticated, and looking the token up was a transaction of its own on every result and poll
 * (on PostgreSQL two round trips; issue 18 measured it). A revocation on this node forgets all at
 * once; another node refuses the token within {@link #KEPT}. Unknown tokens are never kept, so a
 * caller guessing tokens cannot fill the map.
 */
final class AgentTokens {
  /** How long another node may still take a token this node saw revoked. */
  static final Duration KEPT = Duration.ofSeconds(5);

  /** Valid tokens are bounded by the agents; a bound still, should tokens churn. */
  private static final int MAX = 20_000;

  /** {@code generation}: what {@link #forgetAll} counted when the store was asked. */
  private record Known(Identity agent, long untilNanos, long generation) {}

  private final Store store;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Known> byHash = new ConcurrentHashMap<>();
  // A lookup that began before a revocation may finish after it: what it found is not kept.
  private final AtomicLong generation = new AtomicLong();

  AgentTokens(Store store) {
    this(store, System::nanoTime);
  }

  AgentTokens(Store store, LongSupplier nanos) {
    this.store = store;
    this.nanos = nanos;
  }

  /** The agent of a presented token (its hash is looked up, never the token). */
  Optional<Identity> find(String token) {
    String hash = Tokens.hash(token);
    long now = nanos.getAsLong();
    long gen = generation.get();
    Known k = byHash.get(hash);
    if (k != null && k.generation() == gen && now - k.untilNanos() < 0)
      return Optional.of(k.agent());
    Optional<Identity> found = store.read(r -> r.agents().findByToken(hash));
    if (found.isPresent()) {
      if (byHash.size() >= MAX) byHash.clear();
      // Kept from when the store answered.
      byHash.put(hash, new Known(found.get(), nanos.getAsLong() + KEPT.toNanos(), gen));
    } else {
      byHash.remove(hash);
    }
    return found;
  }

  /**
   * A token was revoked here: the next call of every agent asks the store. (An agent removed by an
   * apply is refused within {@link #KEPT}, as on another node.)
   */
  void forgetAll() {
    generation.incrementAndGet();
    byHash.clear();
  }
}
