package io.shiplock.core.store;

import io.shiplock.core.model.ConfigObject;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import java.util.List;
import java.util.Optional;

/**
 * Configuration objects. Secure property values are stored and returned in their encrypted form;
 * encrypting and masking is the caller's business, so the store never sees a secret in clear.
 */
public interface ConfigRepository {
  List<ConfigObject> all();

  List<ConfigObject> list(Kind kind);

  Optional<ConfigObject> find(ObjectKey key);

  /** Creates or replaces the object and everything derived from it (properties, resources). */
  void save(ConfigObject object);

  /** Deletes the object; deleting an application deletes its environments too. */
  boolean delete(ObjectKey key);

  /**
   * Takes the configuration lock until the transaction ends and returns the current revision, so
   * concurrent applies plan and write one after the other instead of interleaving.
   */
  long lock();

  /** Increments the revision (under the lock) and returns the new one. */
  long nextRevision();

  long revision();
}
