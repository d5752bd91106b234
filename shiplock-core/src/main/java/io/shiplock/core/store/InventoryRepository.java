package io.shiplock.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs where. An install records the desired version when it starts and the actual version
 * when it succeeds; a failed install leaves the actual version as it was. Every change is also an
 * event in the entry's history.
 */
public interface InventoryRepository {
  /** Where an entry lives: application, environment, resource path and component. */
  record Place(String application, String environment, String resourcePath, String component) {}

  record VersionAt(long versionId, String version, long requestId, Instant since) {}

  record StatusAt(String status, Instant addedAt, long requestId) {}

  /** An entry; its statuses are those of the actual version (of the desired one before any). */
  record Entry(
      long id,
      Place place,
      Optional<VersionAt> desired,
      Optional<VersionAt> actual,
      List<StatusAt> statuses) {}

  record Event(
      long versionId, String version, long requestId, String event, String detail, Instant at) {}

  void installStarted(Place place, long versionId, long requestId, Instant at);

  /**
   * The install ended: on success the desired version becomes the actual one; on failure the actual
   * version stays and the statuses the failed version gathered are dropped.
   */
  void installEnded(
      Place place, long versionId, long requestId, boolean succeeded, String detail, Instant at);

  /** Adds an inventory status to a version in a place; false when it had it already. */
  boolean addStatus(Place place, long versionId, String status, long requestId, Instant at);

  boolean removeStatus(Place place, long versionId, String status, long requestId, Instant at);

  Optional<Entry> find(Place place);

  /** Entries of an application, optionally of one environment. */
  List<Entry> list(String application, String environment);

  /** Newest first. */
  List<Event> history(Place place, int limit);

  /**
   * How the newest finished install of each place of an application ended ({@code installed} or
   * {@code install-failed}): pages mark a place whose last install failed.
   */
  Map<Place, Event> lastInstalls(String application);

  /**
   * The version installed successfully in this place before the current one: the target of a
   * rollback.
   */
  Optional<VersionAt> previous(Place place);
}
