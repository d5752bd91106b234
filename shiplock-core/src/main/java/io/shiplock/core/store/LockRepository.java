package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named locks that deployments take on what they touch (a host, a database, a resource), held in
 * the database so they hold across server nodes and restarts. A lock is held by one step of one
 * request; the steps that asked for it while it was held wait in line, oldest first, and a newcomer
 * never jumps that line.
 */
public interface LockRepository {
  /** Who holds a lock: the request, the step that took it, and since when. */
  record Holder(String name, long requestId, long stepId, Instant since) {}

  /**
   * Takes the lock for the step if no one holds it and no older step waits for it; otherwise puts
   * the step in line (once). True when the step's request holds it now (also when it held it
   * already: a lock is the request's, so its other steps never wait for it).
   */
  boolean acquire(String name, long requestId, long stepId, Instant at);

  Optional<Holder> holder(String name);

  /** Releases a lock the request holds; false when it does not hold it. */
  boolean release(String name, long requestId);

  /**
   * Releases every lock the request holds and takes it out of every line (it ended); returns the
   * names it released, whose next waiter may now take them.
   */
  List<String> releaseAll(long requestId);

  /** Takes one step out of a line (it was canceled or timed out while waiting). */
  void leaveLine(long stepId);

  /** The steps waiting for a lock, oldest first. */
  List<Long> waiting(String name);

  /** Locks no one holds while steps wait for them: what a lost wake-up left behind. */
  List<String> freeWithWaiters();

  /** Every lock held, by name. */
  List<Holder> held();
}
