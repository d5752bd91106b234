package io.shiplock.server.engine;

/**
 * What a committed transaction leaves to be done outside it. Written to the outbox in that same
 * transaction ({@link Outbox}), so a crash between the commit and the effect loses nothing; each
 * handler tolerates running twice (at least once, never lost).
 */
public sealed interface Effect {
  /** Fires the component's {@code versionCreated} triggers (once per trigger and version). */
  record VersionCreated(String component, long versionId, String version) implements Effect {}

  /** Fires the component's {@code statusAdded} triggers for the status. */
  record StatusAdded(String component, long versionId, String version, String status)
      implements Effect {}

  /** Tells the requester (email) and the webhook how a request ended. */
  record RequestEnded(long requestId) implements Effect {}

  /**
   * A request of an environment with a concurrency limit ended while others queued: the oldest
   * queued ones start, as many as there are free places.
   */
  record PlaceFreed(String application, String environment) implements Effect {}

  /** A lock was released while steps waited for it: the oldest in line takes it. */
  record LockFreed(String name) implements Effect {}

  /** A manual step waits for a person: its approvers are told (email, webhook). */
  record TaskWaiting(long stepId) implements Effect {}

  /** The stable name stored with the effect. */
  default String kind() {
    return switch (this) {
      case VersionCreated v -> "versionCreated";
      case StatusAdded s -> "statusAdded";
      case RequestEnded e -> "requestEnded";
      case PlaceFreed p -> "placeFreed";
      case TaskWaiting t -> "taskWaiting";
      case LockFreed l -> "lockFreed";
    };
  }
}
