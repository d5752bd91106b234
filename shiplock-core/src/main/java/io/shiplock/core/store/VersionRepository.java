package io.shiplock.core.store;

import io.shiplock.core.model.PropertyValue;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Component versions and their statuses. */
public interface VersionRepository {
  /** Fails with {@link Conflict} when the component already has a version of that name. */
  ComponentVersion create(
      String component,
      String name,
      String description,
      Map<String, PropertyValue> properties,
      String createdBy,
      Instant at);

  Optional<ComponentVersion> find(String component, String name);

  Optional<ComponentVersion> find(long id);

  /** Versions by id, in id order; ids with no version are left out. Pages read many at once. */
  List<ComponentVersion> findAll(Collection<Long> ids);

  /** Newest first. */
  List<ComponentVersion> list(String component, int limit);

  /** False when the version already had the status. */
  boolean addStatus(long versionId, String status, String by, Instant at);

  boolean removeStatus(long versionId, String status);

  /** Removes the status from every version of the component (for unique statuses that move). */
  int clearStatus(String component, String status);

  /** Sets one property of a version (a secure one already encrypted by the caller). */
  void setProperty(long versionId, String name, PropertyValue value);

  /** Records the version's files (their content is in the blob store already). */
  void addFiles(long versionId, List<VersionFile> files);

  /** The version's files, by path. */
  List<VersionFile> files(long versionId);

  /** Sets a link of the version: one URL per name, a new one replacing the old. */
  void setLink(long versionId, String name, String url);

  /**
   * Why the version may not be deleted, or empty when it may: a version that was ever requested or
   * installed, or that a snapshot holds, is history and stays.
   */
  Optional<String> inUse(long versionId);

  /** Deletes a version with its statuses, properties, files and links (see {@link #inUse}). */
  void delete(long versionId);
}
