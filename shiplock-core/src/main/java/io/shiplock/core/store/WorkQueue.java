package io.shiplock.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The durable queue of work for agents. */
public interface WorkQueue {
  /** {@code createdAt}: when the step was queued, so a claim can tell how long it waited. */
  record Item(long id, long stepId, int attempt, String payload, Instant createdAt) {}

  /** The work no agent has taken yet: how many items, and since when the oldest waits. */
  record Backlog(long items, Instant oldest) {}

  void enqueue(long stepId, long agentId, int attempt, String payload, Instant at);

  /**
   * Queues work already claimed by its agent at {@code at}: the work a result's answer hands over,
   * in the result's transaction. One write where a queue and a claim take three statements; as
   * durable (an answer that is lost is offered again by the agent's next poll, {@link #lost}).
   */
  Item enqueueClaimed(long stepId, long agentId, int attempt, String payload, Instant at);

  /** Claims up to {@code max} unclaimed items of the agent, oldest first. */
  List<Item> claim(long agentId, Instant at, int max);

  /**
   * Claimed work the agent may never have got: the step is still DISPATCHED (the agent never said
   * it started), the agent does not list it as running, and the claim is older than {@code
   * claimedBefore} (the start of the agent's current poll). This is the answer lost with a server
   * killed between committing a claim and sending it; the poll hands these over again, at most
   * {@code max}, oldest first.
   *
   * <p>A read: the items stay claimed by the agent. The agent may hold them after all, from a
   * result's answer that crossed the poll on the wire, and its reports on them must stay accepted
   * (making them claimable again refused those reports while another poll had not yet re-claimed
   * them, and the steps stayed DISPATCHED for ever).
   */
  List<Item> lost(long agentId, Collection<Long> running, Instant claimedBefore, int max);

  /**
   * True when the agent has unclaimed work. A read, so that a poll with nothing to take never
   * queues for the write lock (500 idle agents poll 100 times a second).
   */
  boolean pending(long agentId);

  /**
   * True when {@code agentId} has claimed the work of a step at an attempt: only then may it report
   * on it. Work queued for an agent but not yet taken by one of its polls is not the agent's yet.
   */
  boolean claimed(long stepId, int attempt, long agentId);

  /**
   * The payload of a step's attempt when {@code agentId} has claimed it ({@link #claimed} and
   * {@link #payload} in one read), empty when it has not.
   */
  Optional<String> claimedPayload(long stepId, int attempt, long agentId);

  /** The payload a step was sent with at an attempt. */
  Optional<String> payload(long stepId, int attempt);

  /**
   * Drops unclaimed work of a step (canceled or timed out before an agent took it); true when there
   * was such work.
   */
  boolean drop(long stepId);

  /** What waits, over every agent (a metric: the queue's depth and its oldest item's age). */
  Backlog backlog();
}
