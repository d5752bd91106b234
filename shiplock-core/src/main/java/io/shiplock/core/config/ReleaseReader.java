package io.shiplock.core.config;

import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.ScheduleSpec;
import io.shiplock.core.release.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reads the release-control kinds: recurring schedules and blackout windows. */
final class ReleaseReader {
  private ReleaseReader() {}

  /** Longest schedule name: its requests are made by "schedule:NAME", at most 127 characters. */
  static final int MAX_SCHEDULE_NAME = 118;

  static ScheduleSpec schedule(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    if (name != null && name.length() > MAX_SCHEDULE_NAME)
      r.error("name", "a schedule's name may hold at most " + MAX_SCHEDULE_NAME + " characters");
    String app = r.requiredString("application");
    String env = r.requiredString("environment");
    String process = r.requiredString("process");
    String cron = r.requiredString("cron");
    String zone = r.string("timeZone");
    cron(r, cron, zone);
    Map<String, String> versions = r.stringMap("versions");
    String snapshot = r.string("snapshot");
    if (snapshot != null && !versions.isEmpty())
      r.error("snapshot", "give either 'versions' or 'snapshot', not both");
    if (app != null) {
      refs.add(r.ref(Ref.Type.APPLICATION, null, app, null, "application"));
      if (env != null) refs.add(r.ref(Ref.Type.APP_ENVIRONMENT, app, env, null, "environment"));
      if (process != null) refs.add(r.ref(Ref.Type.APP_PROCESS, app, process, null, "process"));
      for (var v : versions.entrySet()) {
        refs.add(r.ref(Ref.Type.APP_COMPONENT, app, v.getKey(), null, "versions"));
        String status = ScheduleSpec.latestStatus(v.getValue());
        if (status != null)
          refs.add(r.ref(Ref.Type.VERSION_STATUS, null, status, null, "versions"));
        else if (v.getValue().startsWith(ScheduleSpec.LATEST + ":"))
          r.error("versions", "'latest:' needs a version status after it, as in latest:Passed");
      }
    }
    return new ScheduleSpec(
        name,
        app,
        env,
        process,
        cron,
        zone,
        versions,
        snapshot,
        r.bool("paused", false),
        r.string("description"));
  }

  static BlackoutSpec blackout(MapReader r, List<Ref> refs) {
    String name = r.name("name");
    String app = r.requiredString("application");
    List<String> envs = r.stringList("environments");
    if (envs.isEmpty())
      r.error(
          "environments",
          r.has("environments")
              ? "name at least one environment the blackout stops"
              : "a blackout needs the 'environments' it stops");
    Instant from = instant(r, "from");
    Instant until = instant(r, "until");
    String cron = r.string("cron");
    String zone = r.string("timeZone");
    Duration duration = r.duration("duration");
    boolean once = r.has("from") || r.has("until");
    if (once && cron != null)
      r.error(
          "cron", "a blackout is either once ('from', 'until') or recurring ('cron', 'duration')");
    else if (once) {
      if (!r.has("from")) r.error("until", "a one-off blackout needs 'from' as well as 'until'");
      if (!r.has("until")) r.error("from", "a one-off blackout needs 'until' as well as 'from'");
      if (from != null && until != null && !until.isAfter(from))
        r.error("until", "'until' (" + until + ") must be after 'from' (" + from + ")");
      for (String recurringOnly : List.of("duration", "timeZone"))
        if (r.has(recurringOnly))
          r.error(
              recurringOnly,
              "'"
                  + recurringOnly
                  + "' is for a recurring blackout ('cron'); 'from' and 'until'"
                  + " carry their own zone");
    } else if (cron != null) {
      cron(r, cron, zone);
      if (duration == null && !r.has("duration"))
        r.error("cron", "a recurring blackout needs the 'duration' of each window");
      else if (duration != null && (duration.isZero() || duration.isNegative()))
        r.error("duration", "a window's duration must be more than zero");
    } else {
      r.error(
          "from",
          "a blackout needs 'from' and 'until' (once), or 'cron' and 'duration' (recurring)");
    }
    if (app != null) {
      refs.add(r.ref(Ref.Type.APPLICATION, null, app, null, "application"));
      for (String e : envs) refs.add(r.ref(Ref.Type.APP_ENVIRONMENT, app, e, null, "environments"));
    }
    return new BlackoutSpec(name, app, envs, from, until, cron, zone, duration, r.string("reason"));
  }

  /** Checks a cron expression and its zone, each refused at its own field. */
  private static void cron(MapReader r, String cron, String zone) {
    try {
      CronSchedule.zone(zone);
    } catch (IllegalArgumentException e) {
      r.error("timeZone", e.getMessage());
      return;
    }
    if (cron == null) return;
    try {
      if (CronSchedule.parse(cron, zone).nextAfter(Instant.now()).isEmpty())
        r.warn("cron", "'" + cron + "' names no time that will come (such as 31 February)");
    } catch (IllegalArgumentException e) {
      r.error("cron", e.getMessage());
    }
  }

  private static Instant instant(MapReader r, String key) {
    String text = r.string(key);
    if (text == null) return null;
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      r.error(key, "expected a time with its zone such as 2026-12-20T00:00Z, found '" + text + "'");
      return null;
    }
  }
}
