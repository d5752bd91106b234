package io.shiplock.server.api;

import java.time.Duration;

/**
 * The node that answers: its id, its heartbeat interval (liveness is three of them), and whether it
 * is draining: a node stopping gracefully says it is not ready (the load balancer sends it no new
 * traffic), sends agents' work polls elsewhere, and finishes the requests it is serving.
 */
public final class ThisNode {
  private final String id;
  private final Duration heartbeat;
  private volatile boolean draining;

  public ThisNode(String id, Duration heartbeat) {
    this.id = id;
    this.heartbeat = heartbeat;
  }

  public String id() {
    return id;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  public boolean draining() {
    return draining;
  }

  /** From now on the node takes no new work; there is no way back (the process is stopping). */
  public void startDraining() {
    draining = true;
  }
}
