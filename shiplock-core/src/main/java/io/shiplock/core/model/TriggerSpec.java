package io.shiplock.core.model;

/**
 * Starts a request by itself: when a version of {@code component} is created ({@code
 * versionCreated}), or when it gets version status {@code status} ({@code statusAdded}), request
 * {@code process} on {@code environment} of {@code application} with that version. Gates and
 * approvals still apply; a version fires a trigger at most once; a paused trigger fires nothing.
 */
public record TriggerSpec(
    String name,
    String application,
    String component,
    String when,
    String status,
    String process,
    String environment,
    boolean paused)
    implements ConfigObject {
  public static final String VERSION_CREATED = "versionCreated";
  public static final String STATUS_ADDED = "statusAdded";

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.TRIGGER, name);
  }
}
