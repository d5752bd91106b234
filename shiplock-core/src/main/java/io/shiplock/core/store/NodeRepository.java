package io.shiplock.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server nodes sharing one database, and what they must agree on before sharing it: the
 * fingerprint of the secret key their secure values are encrypted with.
 */
public interface NodeRepository {
  /** A node dead for three beats is dead, whatever its row says (kill -9 writes nothing). */
  int MISSED_BEATS = 3;

  /**
   * One start of a server: its address (host:port it serves on), its build version, when it started
   * and last beat, and when it stopped gracefully (null while it runs or when it died).
   */
  record Node(
      String id,
      String address,
      String version,
      Instant startedAt,
      Instant heartbeatAt,
      Instant stoppedAt) {
    /** Running at {@code now}: not stopped, and beat within {@link #MISSED_BEATS} intervals. */
    public boolean liveAt(Instant now, Duration interval) {
      return stoppedAt == null
          && heartbeatAt.isAfter(now.minus(interval.multipliedBy(MISSED_BEATS)));
    }
  }

  /** Records a node that starts (its heartbeat is its start). */
  void register(Node node);

  /** Moves the node's heartbeat; false when it has no running row (unknown or stopped). */
  boolean beat(String id, Instant at);

  /** Marks the node stopped (a graceful stop). */
  void stop(String id, Instant at);

  /** Every known node, the most recently started first. */
  List<Node> list();

  /** Forgets the nodes silent since before {@code before}, so restarts do not pile up rows. */
  int forgetSilentSince(Instant before);

  /** The fingerprint of the secret key of this database's secure values, if one was stored. */
  Optional<String> keyFingerprint();

  /** Stores the fingerprint unless one is stored already (the first node to start wins). */
  void keepKeyFingerprint(String fingerprint, Instant at);

  /** Replaces the fingerprint: the nodes moved to a new key (rotation). */
  void replaceKeyFingerprint(String fingerprint, Instant at);
}
