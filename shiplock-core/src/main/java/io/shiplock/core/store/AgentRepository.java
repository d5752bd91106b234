package io.shiplock.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Agent tokens and liveness. An agent is configured as code; these are its runtime facts. */
public interface AgentRepository {
  record Token(
      long id,
      String agent,
      String prefix,
      Instant createdAt,
      String createdBy,
      Instant revokedAt) {}

  record Identity(long agentId, String name) {}

  record Status(String name, String host, String version, Instant registeredAt, Instant lastSeen) {
    /** An agent silent this long is offline (it polls every few seconds while it runs). */
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(15);

    public boolean onlineAt(Instant now) {
      return lastSeen != null && lastSeen.isAfter(now.minus(OFFLINE_AFTER));
    }
  }

  /** Fails with {@link Conflict} when no agent of that name is configured. */
  Token createToken(String agent, String hash, String prefix, String createdBy, Instant at);

  /** The agent of an active token. */
  Optional<Identity> findByToken(String hash);

  List<Token> tokens(String agent);

  boolean revokeToken(long tokenId, Instant at);

  /**
   * Records an agent's hello and returns the instance id it had before (null the first time). A
   * different instance means the agent process restarted.
   */
  String hello(long agentId, String host, String version, String instance, Instant at);

  /** Records the step types the agent's process runs, from its hello. */
  void stepTypes(long agentId, Set<String> types);

  /** The step types the agent said it runs; empty when it never said. */
  Optional<Set<String>> stepTypes(long agentId);

  /**
   * Records when agents last answered (their heartbeats), many at once: one batch, one round trip
   * on a network database.
   */
  void seen(Map<Long, Instant> lastSeen);

  /** Every configured agent with its liveness (null fields when it never connected). */
  List<Status> statuses();

  Optional<Long> idOf(String agent);

  Optional<String> nameOf(long agentId);

  /** Agents last seen before {@code before}. */
  List<Identity> silentSince(Instant before);
}
