package io.shiplock.server.engine;

import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.PgChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Wake-ups across the server nodes of one PostgreSQL database: work queued on node A wakes the
 * agent long-polling node B within milliseconds (LISTEN/NOTIFY on channel {@code shiplock_wake},
 * the payload the agents' ids). A lost message costs at most the agent's poll interval: the work
 * itself is in the queue.
 */
public final class ClusterWakes implements AutoCloseable {
  static final String CHANNEL = "shiplock_wake";

  private final PgChannel channel;

  private ClusterWakes(DatabaseConfig db, AgentHub hub) {
    this.channel = new PgChannel(db, CHANNEL, payload -> hub.wakeHere(ids(payload)));
    hub.relayTo(
        ids -> channel.publish(ids.stream().map(String::valueOf).collect(Collectors.joining(","))));
  }

  /** Relays {@code hub}'s wake-ups through {@code db}, which must be PostgreSQL. */
  public static ClusterWakes start(DatabaseConfig db, AgentHub hub) {
    return new ClusterWakes(db, hub);
  }

  /** The agent ids of a message; anything else in it is ignored (a hint, never trusted). */
  static List<Long> ids(String payload) {
    List<Long> out = new ArrayList<>();
    if (payload == null) return out;
    for (String part : payload.split(",")) {
      try {
        out.add(Long.parseLong(part.strip()));
      } catch (NumberFormatException e) {
        // not an id: skip it
      }
    }
    return out;
  }

  @Override
  public void close() {
    channel.close();
  }
}
