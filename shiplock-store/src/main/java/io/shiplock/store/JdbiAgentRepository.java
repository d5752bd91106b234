package io.shiplock.store;

import io.shiplock.core.store.AgentRepository;
import io.shiplock.core.store.Conflict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

final class JdbiAgentRepository implements AgentRepository {
  private final Handle h;

  JdbiAgentRepository(Handle h) {
    this.h = h;
  }

  @Override
  public Token createToken(String agent, String hash, String prefix, String createdBy, Instant at) {
    long agentId =
        Rows.id(h, "agent", agent)
            .orElseThrow(
                () ->
                    new Conflict(
                        "no agent named '" + agent + "'; add it to the configuration first"));
    long id =
        h.createUpdate(
                "INSERT INTO agent_token (agent_id, token_hash, prefix, created_at, created_by) VALUES (:a, :h, :p, :at, :by)")
            .bind("a", agentId)
            .bind("h", hash)
            .bind("p", prefix)
            .bind("at", at)
            .bind("by", createdBy)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return tokenQuery("t.id = :id").bind("id", id).map((rs, ctx) -> token(rs)).one();
  }

  private Query tokenQuery(String where) {
    return h.createQuery(
        "SELECT t.id, a.name, t.prefix, t.created_at, t.created_by, t.revoked_at FROM agent_token t"
            + " JOIN agent a ON a.id = t.agent_id WHERE "
            + where
            + " ORDER BY t.id");
  }

  private static Token token(ResultSet rs) throws SQLException {
    return new Token(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("prefix"),
        Rows.instant(rs, "created_at"),
        rs.getString("created_by"),
        Rows.instant(rs, "revoked_at"));
  }

  @Override
  public Optional<Identity> findByToken(String hash) {
    return h.createQuery(
            "SELECT a.id, a.name FROM agent_token t JOIN agent a ON a.id = t.agent_id"
                + " WHERE t.token_hash = :h AND t.revoked_at IS NULL")
        .bind("h", hash)
        .map((rs, ctx) -> new Identity(rs.getLong("id"), rs.getString("name")))
        .findOne();
  }

  @Override
  public List<Token> tokens(String agent) {
    return tokenQuery("a.name = :a").bind("a", agent).map((rs, ctx) -> token(rs)).list();
  }

  @Override
  public boolean revokeToken(long tokenId, Instant at) {
    return h.createUpdate(
                "UPDATE agent_token SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
            .bind("at", at)
            .bind("id", tokenId)
            .execute()
        > 0;
  }

  @Override
  public String hello(long agentId, String host, String version, String instance, Instant at) {
    String previous =
        h.createQuery("SELECT instance FROM agent_state WHERE agent_id = :a")
            .bind("a", agentId)
            .mapTo(String.class)
            .findOne()
            .orElse(null);
    int n =
        h.createUpdate(
                "UPDATE agent_state SET host = :host, agent_version = :v, instance = :i, registered_at = :at,"
                    + " last_seen = :at WHERE agent_id = :a")
            .bind("host", host)
            .bind("v", version)
            .bind("i", instance)
            .bind("at", at)
            .bind("a", agentId)
            .execute();
    if (n == 0) {
      h.createUpdate(
              "INSERT INTO agent_state (agent_id, host, agent_version, instance, registered_at, last_seen)"
                  + " VALUES (:a, :host, :v, :i, :at, :at)")
          .bind("host", host)
          .bind("v", version)
          .bind("i", instance)
          .bind("at", at)
          .bind("a", agentId)
          .execute();
    }
    return previous;
  }

  @Override
  public void stepTypes(long agentId, Set<String> types) {
    h.createUpdate("UPDATE agent_state SET step_types = :t WHERE agent_id = :a")
        .bind("t", String.join(",", new TreeSet<>(types)))
        .bind("a", agentId)
        .execute();
  }

  @Override
  public Optional<Set<String>> stepTypes(long agentId) {
    return h.createQuery("SELECT step_types FROM agent_state WHERE agent_id = :a")
        .bind("a", agentId)
        .mapTo(String.class)
        .findOne()
        .filter(t -> t != null)
        .map(t -> Set.of(t.isEmpty() ? new String[0] : t.split(",")));
  }

  @Override
  public void seen(Map<Long, Instant> lastSeen) {
    if (lastSeen.isEmpty()) return;
    PreparedBatch batch =
        h.prepareBatch("UPDATE agent_state SET last_seen = :at WHERE agent_id = :a");
    lastSeen.forEach((id, at) -> batch.bind("at", at).bind("a", id).add());
    batch.execute();
  }

  @Override
  public List<Status> statuses() {
    return h.createQuery(
            "SELECT a.name, s.host, s.agent_version, s.registered_at, s.last_seen FROM agent a"
                + " LEFT JOIN agent_state s ON s.agent_id = a.id ORDER BY a.name")
        .map(
            (rs, ctx) ->
                new Status(
                    rs.getString("name"),
                    rs.getString("host"),
                    rs.getString("agent_version"),
                    Rows.instant(rs, "registered_at"),
                    Rows.instant(rs, "last_seen")))
        .list();
  }

  @Override
  public Optional<Long> idOf(String agent) {
    return Rows.id(h, "agent", agent);
  }

  @Override
  public Optional<String> nameOf(long agentId) {
    return h.createQuery("SELECT name FROM agent WHERE id = :id")
        .bind("id", agentId)
        .mapTo(String.class)
        .findOne();
  }

  @Override
  public List<Identity> silentSince(Instant before) {
    return h.createQuery(
            "SELECT a.id, a.name FROM agent_state s JOIN agent a ON a.id = s.agent_id WHERE s.last_seen < :b")
        .bind("b", before)
        .map((rs, ctx) -> new Identity(rs.getLong("id"), rs.getString("name")))
        .list();
  }
}
