package io.shiplock.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Times and durations as people read them: {@code 2026-11-30 21:05:09 UTC}, {@code 7.1 s}, {@code 2
 * min 3 s}. The exact instant stays in the page (a {@code <time>} element's {@code datetime} and
 * {@code title}). Pure functions.
 */
public final class Times {
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Times() {}

  /** {@code 2026-11-30 21:05:09 UTC}: to the second, in UTC (the server's logs and the API's). */
  public static String readable(Instant at) {
    return at == null ? "" : READABLE.format(at);
  }

  /** The instant exactly, as the API gives it. */
  public static String iso(Instant at) {
    return at == null ? "" : at.toString();
  }

  /**
   * The instant for a {@code datetime} attribute: HTML allows at most three digits of a second,
   * while the store keeps microseconds.
   */
  public static String datetime(Instant at) {
    return at == null ? "" : at.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /**
   * {@code < 0.1 s}, {@code 7.1 s}, {@code 59.9 s}, {@code 2 min 3 s}, {@code 1 h 5 min}: the
   * precision a reader wants at each size (tenths of a second for a step, no seconds after an
   * hour).
   */
  public static String duration(Duration d) {
    if (d == null) return "";
    long ms = Math.max(0, d.toMillis());
    if (ms < 100) return "< 0.1 s";
    if (ms < 59_950) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    long s = Math.round(ms / 1000.0);
    if (s < 3600) return s / 60 + " min " + s % 60 + " s";
    long min = s / 60;
    return min / 60 + " h " + min % 60 + " min";
  }
}
