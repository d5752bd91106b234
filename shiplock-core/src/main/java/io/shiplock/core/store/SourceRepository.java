package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Import state of sources, and which versions fired which triggers. */
public interface SourceRepository {
  record State(
      String source,
      String lastSha,
      Instant lastCheckedAt,
      Instant lastImportedAt,
      String lastError) {}

  Optional<State> state(String source);

  /** A check ended: with the newest imported commit (null when nothing new) or an error. */
  void checked(String source, String lastSha, String error, Instant at);

  /**
   * Takes the right to poll {@code source} now for {@code holder} (a server node) until {@code
   * until}: true when no other holder's lease runs at {@code now} and the source was last checked
   * no later than {@code dueBy}. Of several nodes, one polls each source at a time; a lease whose
   * holder died runs out and another node takes it.
   */
  boolean leasePoll(String source, String holder, Instant now, Instant until, Instant dueBy);

  /** Gives the lease back (the poll ended), so the next is not held up by a lease of the last. */
  void releasePoll(String source, String holder);

  /**
   * Claims (trigger, version): true the first time only, so a version fires a trigger at most once
   * even when two events race.
   */
  boolean claim(String trigger, long versionId, Instant at);

  /**
   * Records a webhook delivery of {@code source} under its keys (its id, the digest of its body):
   * true when none of them was seen since {@code since}, false for a replay. Keys seen before
   * {@code since} are forgotten.
   */
  boolean firstDelivery(String source, List<String> keys, Instant at, Instant since);

  void fired(String trigger, long versionId, Long requestId, String outcome, String detail);
}
