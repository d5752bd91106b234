package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;

/** The durable queue of work for agents. */
public interface WorkQueue {
  record Item(long id, long stepId, int attempt, String payload) {}

  void enqueue(long stepId, long agentId, int attempt, String payload, Instant at);

  /** Claims up to {@code max} unclaimed items of the agent, oldest first. */
  List<Item> claim(long agentId, Instant at, int max);

  /** The payload a step was sent with at an attempt. */
  java.util.Optional<String> payload(long stepId, int attempt);

  /**
   * Drops unclaimed work of a step (canceled or timed out before an agent took it); true when there
   * was such work.
   */
  boolean drop(long stepId);
}
