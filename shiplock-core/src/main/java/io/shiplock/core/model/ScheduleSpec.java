package io.shiplock.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recurring deployment: at each time of {@code cron} (five fields, in {@code timeZone}), request
 * {@code process} on {@code environment} of {@code application} with {@code versions} (a
 * component's version name, {@code latest}, or {@code latest:STATUS} for its newest version with
 * that status) or the versions of {@code snapshot}. The request goes through the gate, approvals
 * and blackout windows as any other; a paused schedule fires nothing.
 */
public record ScheduleSpec(
    String name,
    String application,
    String environment,
    String process,
    String cron,
    String timeZone,
    Map<String, String> versions,
    String snapshot,
    boolean paused,
    String description)
    implements ConfigObject {
  public ScheduleSpec {
    versions =
        versions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /** The version word that picks a component's newest version when the schedule fires. */
  public static final String LATEST = "latest";

  /** The status of a {@code latest:STATUS} version word, or null for any other word. */
  public static String latestStatus(String version) {
    String prefix = LATEST + ":";
    if (!version.startsWith(prefix) || version.length() == prefix.length()) return null;
    return version.substring(prefix.length());
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.SCHEDULE, name);
  }
}
