package io.shiplock.server.engine;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Wakes agents' long polls when work is queued for them, so dispatch is immediate instead of
 * waiting for a polling interval. Only a hint: the queue itself is in the database. With several
 * server nodes an agent may long-poll another node than the one that queued its work: the wake-up
 * is also handed to the relay ({@link ClusterWakes}), which brings it to the other nodes.
 */
public final class AgentHub {
  /** An agent's wake-ups: how many so far, and the monitor its polls wait on. */
  private static final class Wakes {
    long count;
  }

  private final ConcurrentHashMap<Long, Wakes> wakes = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile Consumer<Collection<Long>> relay = ids -> {};

  /** Where wake-ups go besides this node's agents. */
  void relayTo(Consumer<Collection<Long>> relay) {
    this.relay = relay;
  }

  private Wakes of(long agentId) {
    return wakes.computeIfAbsent(agentId, k -> new Wakes());
  }

  public void wake(Collection<Long> agentIds) {
    wakeHere(agentIds);
    if (!agentIds.isEmpty()) relay.accept(agentIds);
  }

  /** Wakes the agents long-polling this node (a wake-up another node relayed). */
  void wakeHere(Collection<Long> agentIds) {
    for (long id : agentIds) {
      Wakes w = of(id);
      synchronized (w) {
        w.count++;
        w.notifyAll();
      }
    }
  }

  /** Wakes every poll waiting on this node (it is stopping: they answer at once). */
  public void wakeAll() {
    wakeHere(List.copyOf(wakes.keySet()));
  }

  /**
   * The agent's wake-ups so far. A poll reads it before it looks for work and hands it to {@link
   * #awaitUntil}: work queued after the look wakes after the read, so the poll does not sleep
   * through it.
   */
  public long wakeups(long agentId) {
    Wakes w = of(agentId);
    synchronized (w) {
      return w.count;
    }
  }

  /**
   * Waits until woken or {@code deadlineNanos} (of {@link System#nanoTime}) passes, and says which:
   * true when the agent was woken since {@code seen} (its {@link #wakeups} before the poll looked
   * for work; at once when that happened before the wait: without it, a wake-up between the look
   * and the wait was lost and the work waited for the next poll, up to 5 s). False only once the
   * deadline passed: a spurious return of {@link Object#wait} or its rounding to milliseconds waits
   * again here, so an idle poll never looks for work a second time (issue 18).
   */
  public boolean awaitUntil(long agentId, long seen, long deadlineNanos)
      throws InterruptedException {
    Wakes w = of(agentId);
    waiting.incrementAndGet();
    try {
      synchronized (w) {
        while (w.count == seen) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) return false;
          w.wait(Math.max(1, (left + 999_999) / 1_000_000));
        }
        return true;
      }
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** How many long polls wait on this node now. */
  public int waiting() {
    return waiting.get();
  }
}
