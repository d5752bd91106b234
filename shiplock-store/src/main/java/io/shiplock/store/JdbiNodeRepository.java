package io.shiplock.store;

import io.shiplock.core.store.NodeRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class JdbiNodeRepository implements NodeRepository {
  private final Handle h;

  JdbiNodeRepository(Handle h) {
    this.h = h;
  }

  @Override
  public void register(Node n) {
    h.createUpdate(
            "INSERT INTO node (id, address, version, started_at, heartbeat_at, stopped_at)"
                + " VALUES (:id, :address, :version, :started, :beat, :stopped)")
        .bind("id", n.id())
        .bind("address", n.address())
        .bind("version", n.version())
        .bind("started", n.startedAt())
        .bind("beat", n.heartbeatAt())
        .bind("stopped", n.stoppedAt())
        .execute();
  }

  @Override
  public boolean beat(String id, Instant at) {
    return h.createUpdate(
                "UPDATE node SET heartbeat_at = :at WHERE id = :id AND stopped_at IS NULL")
            .bind("id", id)
            .bind("at", at)
            .execute()
        > 0;
  }

  @Override
  public void stop(String id, Instant at) {
    h.createUpdate("UPDATE node SET stopped_at = :at, heartbeat_at = :at WHERE id = :id")
        .bind("id", id)
        .bind("at", at)
        .execute();
  }

  @Override
  public List<Node> list() {
    return h.createQuery(
            "SELECT id, address, version, started_at, heartbeat_at, stopped_at FROM node"
                + " ORDER BY started_at DESC, id")
        .map((rs, ctx) -> row(rs))
        .list();
  }

  @Override
  public int forgetSilentSince(Instant before) {
    return h.createUpdate("DELETE FROM node WHERE heartbeat_at < :before")
        .bind("before", before)
        .execute();
  }

  @Override
  public Optional<String> keyFingerprint() {
    return h.createQuery("SELECT fingerprint FROM secret_key_check WHERE id = 1")
        .mapTo(String.class)
        .findOne();
  }

  @Override
  public void keepKeyFingerprint(String fingerprint, Instant at) {
    h.createUpdate(
            "INSERT INTO secret_key_check (id, fingerprint, stored_at) VALUES (1, :f, :at)"
                + " ON CONFLICT DO NOTHING")
        .bind("f", fingerprint)
        .bind("at", at)
        .execute();
  }

  @Override
  public void replaceKeyFingerprint(String fingerprint, Instant at) {
    h.createUpdate("UPDATE secret_key_check SET fingerprint = :f, stored_at = :at WHERE id = 1")
        .bind("f", fingerprint)
        .bind("at", at)
        .execute();
  }

  private static Node row(ResultSet rs) throws SQLException {
    return new Node(
        rs.getString("id"),
        rs.getString("address"),
        rs.getString("version"),
        Rows.instant(rs, "started_at"),
        Rows.instant(rs, "heartbeat_at"),
        Rows.instant(rs, "stopped_at"));
  }
}
