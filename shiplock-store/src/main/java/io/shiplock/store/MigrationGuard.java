package io.shiplock.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Whether a node may migrate a shared database's schema: not while other nodes run on it (they are
 * of the old version and would work on a schema they do not know), unless the operator says the
 * migration is safe for them. A node is live when it did not stop and beat within {@code
 * liveWithin} (three heartbeat intervals).
 */
public record MigrationGuard(Duration liveWithin, boolean evenWithLiveNodes) {
  /** No check: a database only this process uses (tests, tools). */
  public static final MigrationGuard NONE = new MigrationGuard(Duration.ZERO, true);

  /** The migration was refused; the message names the live nodes and the way out. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * Refuses when other nodes are live; {@code pending} names the migrations this node would run.
   */
  void check(DataSource ds, List<String> pending, String schemaNow) {
    if (evenWithLiveNodes || pending.isEmpty()) return;
    List<String> live = liveNodes(ds, Instant.now().minus(liveWithin));
    if (live.isEmpty()) return;
    throw new Refused(
        "this node would migrate the database's schema from version "
            + schemaNow
            + " ("
            + String.join(", ", pending)
            + ") while "
            + live.size()
            + " other node(s) run on it: "
            + String.join("; ", live)
            + ". Stop those nodes first, or, when they can work on the new schema (the release"
            + " notes say so), start this node with --migrate-with-live-nodes"
            + " (SHIPLOCK_MIGRATE_WITH_LIVE_NODES=true).");
  }

  private static List<String> liveNodes(DataSource ds, Instant since) {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, address, version, heartbeat_at FROM node"
                    + " WHERE stopped_at IS NULL AND heartbeat_at > ? ORDER BY started_at")) {
      s.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next())
          out.add(
              "node "
                  + rs.getString("id")
                  + " at "
                  + rs.getString("address")
                  + " (version "
                  + rs.getString("version")
                  + ", last beat "
                  + rs.getObject("heartbeat_at", OffsetDateTime.class).toInstant()
                  + ")");
      }
    } catch (SQLException e) {
      // No node table yet (a schema from before nodes were recorded): no node can be live on it.
      return List.of();
    }
    return out;
  }
}
