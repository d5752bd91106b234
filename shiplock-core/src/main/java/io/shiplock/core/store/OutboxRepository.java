package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Effects to apply after a commit, written in the transaction that causes them (the transactional
 * outbox): a crash between the commit and the effect leaves the row, and the effect is applied
 * later, at least once. A claim is a lease, so a claimer that died gives its effects up.
 */
public interface OutboxRepository {
  record Effect(long id, String kind, String payload, Instant createdAt) {}

  /** Records an effect; its id. */
  long add(String kind, String payload, Instant at);

  /**
   * Claims an effect until {@code leaseUntil} when nobody holds it (never claimed, or its lease ran
   * out at {@code now}); empty when it is held or gone.
   */
  Optional<Effect> claim(long id, Instant now, Instant leaseUntil);

  /** Ids of the effects nobody holds at {@code now}, oldest first. */
  List<Long> claimable(Instant now, int limit);

  /** The kind of a recorded effect, if it is still there. */
  Optional<String> kind(long id);

  /** Removes an applied effect. */
  void remove(long id);
}
