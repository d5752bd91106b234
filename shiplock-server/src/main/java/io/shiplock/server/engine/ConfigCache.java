package io.shiplock.server.engine;

import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.store.Repositories;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Configuration objects as the engine reads them for every step it starts, cached per configuration
 * revision: an apply bumps the revision and the cache starts over. Objects are immutable records
 * (secure values still encrypted), so sharing them is safe.
 */
final class ConfigCache {
  private volatile long revision = -1;

  /**
   * The transaction whose revision was checked last: within one transaction the revision cannot
   * change under it, and a step's start looked it up five times (bench/step-gap.sh, issue 18).
   */
  private volatile Repositories checkedIn;

  private final ConcurrentHashMap<ObjectKey, Optional<ConfigObject>> objects =
      new ConcurrentHashMap<>();

  private final ConcurrentHashMap<Long, Optional<String>> agentNames = new ConcurrentHashMap<>();

  /** An agent's name by id (agents change only by apply). */
  Optional<String> agentName(Repositories r, long agentId) {
    revision(r);
    return agentNames.computeIfAbsent(agentId, id -> r.agents().nameOf(id));
  }

  private final ConcurrentHashMap<String, Optional<Long>> agentIds = new ConcurrentHashMap<>();

  /** An agent's id by name (agents change only by apply). */
  Optional<Long> agentId(Repositories r, String name) {
    revision(r);
    return agentIds.computeIfAbsent(name, n -> r.agents().idOf(n));
  }

  Optional<ConfigObject> find(Repositories r, ObjectKey key) {
    revision(r);
    Optional<ConfigObject> cached = objects.get(key);
    if (cached != null) return cached;
    Optional<ConfigObject> loaded = r.config().find(key);
    objects.put(key, loaded);
    return loaded;
  }

  @SuppressWarnings("ReferenceEquality") // the same transaction's repositories: identity
  private void revision(Repositories r) {
    if (r == checkedIn) return;
    long current = r.config().revision();
    checkedIn = r;
    if (current != revision) {
      synchronized (this) {
        if (current != revision) {
          objects.clear();
          agentNames.clear();
          agentIds.clear();
          revision = current;
        }
      }
    }
  }
}
