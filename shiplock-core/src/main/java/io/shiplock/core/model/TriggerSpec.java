package io.shiplock.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

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
    When when,
    String status,
    String process,
    String environment,
    boolean paused)
    implements ConfigObject {
  /** What fires it; configuration, the store and the API name it as UCD does. */
  public enum When {
    VERSION_CREATED("versionCreated"),
    STATUS_ADDED("statusAdded");

    private final String wire;

    When(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    /** The event named {@code name} in configuration; empty for any other word. */
    public static Optional<When> of(String name) {
      return Arrays.stream(values()).filter(w -> w.wire.equals(name)).findFirst();
    }

    @JsonCreator
    static When fromJson(String name) {
      return of(name).orElseThrow(() -> new IllegalArgumentException("no trigger event " + name));
    }
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.TRIGGER, name);
  }
}
