package io.shiplock.server.engine;

import io.shiplock.core.store.WorkQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The work a result's answer hands to its agent. When the agent takes its next work in the answer,
 * its result's transaction opens the hand-over; work that transaction queues for that agent is then
 * inserted already claimed ({@link WorkQueue#enqueueClaimed}) and goes back in the answer, with no
 * wake-up, no poll and no claim (issue 18: three statements fewer per step boundary).
 */
final class Handover {
  /** Most items one answer hands over, as a poll claims at most 16; more are queued for a poll. */
  static final int MAX = 16;

  private static final long NONE = -1;

  private long agentId = NONE;
  private final List<WorkQueue.Item> items = new ArrayList<>();

  /** Work queued for {@code agent} in this transaction goes to the answer. */
  void open(long agent) {
    agentId = agent;
  }

  /** True when work for {@code agent} queued now is handed over in the answer. */
  boolean takes(long agent) {
    return agentId != NONE && agent == agentId && items.size() < MAX;
  }

  void add(WorkQueue.Item item) {
    items.add(item);
  }

  List<WorkQueue.Item> items() {
    return List.copyOf(items);
  }
}
