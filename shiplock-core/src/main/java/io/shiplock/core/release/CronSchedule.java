package io.shiplock.core.release;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A cron expression in a time zone: the five fields of Unix cron (minute, hour, day of month,
 * month, day of week), parsed by cron-utils, with its times computed in the zone, so "0 22 * * *"
 * in Europe/Paris is 22:00 there in winter and in summer.
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String text;
  private final ZoneId zone;
  private final ExecutionTime times;

  private CronSchedule(String text, ZoneId zone, ExecutionTime times) {
    this.text = text;
    this.zone = zone;
    this.times = times;
  }

  /**
   * Parses {@code expression} in {@code timeZone} (an IANA name such as Europe/Paris; null: UTC).
   *
   * @throws IllegalArgumentException naming what does not parse
   */
  public static CronSchedule parse(String expression, String timeZone) {
    ZoneId zone = zone(timeZone);
    try {
      var cron = PARSER.parse(expression.strip());
      cron.validate();
      return new CronSchedule(expression.strip(), zone, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + expression
              + "' is not a cron expression of five fields (minute hour day-of-month month"
              + " day-of-week, such as '0 22 * * 1-5'): "
              + e.getMessage(),
          e);
    }
  }

  /** The zone named, or UTC for none. */
  public static ZoneId zone(String timeZone) {
    if (timeZone == null) return ZoneId.of("UTC");
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'"
              + timeZone
              + "' is not a time zone; use a name such as UTC, Europe/Paris or America/New_York",
          e);
    }
  }

  /** The latest time of the schedule at or before {@code t}. */
  public Optional<Instant> lastAtOrBefore(Instant t) {
    // cron-utils answers the last time strictly before its argument; its times are whole minutes.
    Instant after = t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    return times.lastExecution(after.atZone(zone)).map(z -> z.toInstant());
  }

  /** The first time of the schedule after {@code t}. */
  public Optional<Instant> nextAfter(Instant t) {
    return times.nextExecution(t.atZone(zone)).map(z -> z.toInstant());
  }

  /** True when two instants show the same date and time on this schedule's zone's clocks. */
  public boolean sameWallClock(Instant a, Instant b) {
    return LocalDateTime.ofInstant(a, zone).equals(LocalDateTime.ofInstant(b, zone));
  }

  @Override
  public String toString() {
    return text + " (" + zone + ")";
  }
}
