package io.shiplock.server.api.answers;

import io.shiplock.core.store.NodeRepository.Node;
import java.time.Duration;
import java.time.Instant;

/** Server nodes as {@code /api/v1/nodes} answers them. */
public final class NodeAnswers {
  private NodeAnswers() {}

  /**
   * A node: {@code live} when it has not stopped and beat within three intervals; {@code self} for
   * the node that answers.
   */
  public record NodeAnswer(
      String id,
      String address,
      String version,
      Instant startedAt,
      Instant heartbeatAt,
      @Nullable Instant stoppedAt,
      boolean live,
      boolean self) {
    public static NodeAnswer of(Node n, Instant now, Duration interval, String selfId) {
      return new NodeAnswer(
          n.id(),
          n.address(),
          n.version(),
          n.startedAt(),
          n.heartbeatAt(),
          n.stoppedAt(),
          n.liveAt(now, interval),
          n.id().equals(selfId));
    }
  }

  /** What {@code shiplock version} shows of the server: its version and the node that answered. */
  public record ServerVersion(String version, String node) {}
}
