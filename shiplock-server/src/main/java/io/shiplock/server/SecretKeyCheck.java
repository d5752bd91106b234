package io.shiplock.server;

import io.shiplock.core.security.SecretBox;
import io.shiplock.core.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Nodes sharing a database must share the secret key: a node with another key would write secure
 * values the others cannot decrypt, and fail to read theirs. The first node stores a fingerprint of
 * its key; a node whose keys do not include the stored one refuses to start. A node whose old keys
 * ({@code SHIPLOCK_SECRET_KEYS_OLD}) include it is rotating, and moves the fingerprint to its new
 * key.
 */
final class SecretKeyCheck {
  private SecretKeyCheck() {}

  /** What to do with the stored fingerprint. */
  enum Outcome {
    STORE,
    SAME,
    ROTATED,
    REFUSE
  }

  /** The decision: {@code mine} are this node's fingerprints, the encrypting key's first. */
  static Outcome decide(Optional<String> stored, List<String> mine) {
    if (stored.isEmpty()) return Outcome.STORE;
    if (stored.get().equals(mine.get(0))) return Outcome.SAME;
    return mine.contains(stored.get()) ? Outcome.ROTATED : Outcome.REFUSE;
  }

  /** Checks the key against the database, storing its fingerprint on first use. */
  static void verify(Store store, SecretBox secrets, String keySource, Instant now) {
    String mine = secrets.fingerprint();
    Outcome outcome =
        store.write(
            r -> {
              Outcome o = decide(r.nodes().keyFingerprint(), secrets.fingerprints());
              switch (o) {
                case STORE -> r.nodes().keepKeyFingerprint(mine, now);
                case ROTATED -> r.nodes().replaceKeyFingerprint(mine, now);
                case SAME, REFUSE -> {}
              }
              return o;
            });
    // Two first nodes may race to store: the one that lost reads the winner's and is checked again.
    if (outcome == Outcome.STORE
        && !store.read(r -> r.nodes().keyFingerprint()).orElseThrow().equals(mine))
      outcome = Outcome.REFUSE;
    if (outcome == Outcome.REFUSE)
      throw new StartRefused(
          "this database's secure values were encrypted with another key: give this node the same"
              + " key file as the others ("
              + keySource
              + ")");
  }
}
