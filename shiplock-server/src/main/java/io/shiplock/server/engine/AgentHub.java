package io.shiplock.server.engine;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Wakes agents' long polls when work is queued for them, so dispatch is immediate instead of
 * waiting for a polling interval. Only a hint: the queue itself is in the database. With several
 * server nodes an agent may long-poll another node than the one that queued its work: the wake-up
 * is also handed to the relay ({@link ClusterWakes}), which brings it to the other nodes.
 */
public final class AgentHub {
  private final ConcurrentHashMap<Long, Object> monitors = new ConcurrentHashMap<>();
  private volatile Consumer<Collection<Long>> relay = ids -> {};

  /** Where wake-ups go besides this node's agents. */
  void relayTo(Consumer<Collection<Long>> relay) {
    this.relay = relay;
  }

  private Object monitor(long agentId) {
    return monitors.computeIfAbsent(agentId, k -> new Object());
  }

  public void wake(Collection<Long> agentIds) {
    wakeHere(agentIds);
    if (!agentIds.isEmpty()) relay.accept(agentIds);
  }

  /** Wakes the agents long-polling this node (a wake-up another node relayed). */
  void wakeHere(Collection<Long> agentIds) {
    for (long id : agentIds) {
      Object m = monitor(id);
      synchronized (m) {
        m.notifyAll();
      }
    }
  }

  /** Wakes every poll waiting on this node (it is stopping: they answer at once). */
  public void wakeAll() {
    wakeHere(List.copyOf(monitors.keySet()));
  }

  /** Waits until woken or the timeout passes. */
  // An early return is harmless: the caller looks for work again in its own loop.
  @SuppressWarnings("WaitNotInLoop")
  public void await(long agentId, long timeoutMillis) throws InterruptedException {
    Object m = monitor(agentId);
    synchronized (m) {
      m.wait(timeoutMillis);
    }
  }
}
