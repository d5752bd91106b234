package io.shiplock.server.engine;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes agents' long polls when work is queued for them, so dispatch is immediate instead of
 * waiting for a polling interval. Only a hint: the queue itself is in the database.
 */
public final class AgentHub {
  private final ConcurrentHashMap<Long, Object> monitors = new ConcurrentHashMap<>();

  private Object monitor(long agentId) {
    return monitors.computeIfAbsent(agentId, k -> new Object());
  }

  public void wake(Collection<Long> agentIds) {
    for (long id : agentIds) {
      Object m = monitor(id);
      synchronized (m) {
        m.notifyAll();
      }
    }
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
