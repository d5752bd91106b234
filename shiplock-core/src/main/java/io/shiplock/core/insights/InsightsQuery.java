package io.shiplock.core.insights;

import io.shiplock.core.config.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The period the insights are asked for: {@code since} and {@code until} as an instant
 * (2026-11-01T00:00:00Z) or a duration back from now (30d, 12h); since defaults to 30 days back,
 * until to now. Bad input is refused with a message naming the parameter and the value.
 */
public record InsightsQuery(Instant since, Instant until) {
  public static final Duration DEFAULT = Duration.ofDays(30);

  /** Weekly charts of more than two years would be unreadable and slow; ask for less. */
  public static final Duration LONGEST = Duration.ofDays(731);

  public static InsightsQuery parse(String since, String until, Instant now) {
    try {
      return parsed(since, until, now);
    } catch (DateTimeException | ArithmeticException outOfRange) {
      throw new IllegalArgumentException(
          "since '" + since + "' and until '" + until + "' give no period Shiplock can count");
    }
  }

  private static InsightsQuery parsed(String since, String until, Instant now) {
    Instant to = until == null || until.isBlank() ? now : instant("until", until, now);
    Instant from =
        since == null || since.isBlank() ? to.minus(DEFAULT) : instant("since", since, now);
    if (!from.isBefore(to))
      throw new IllegalArgumentException("since (" + from + ") must be before until (" + to + ")");
    if (Duration.between(from, to).compareTo(LONGEST) > 0)
      throw new IllegalArgumentException(
          "the period from " + from + " to " + to + " is longer than 731 days; ask for less");
    return new InsightsQuery(from, to);
  }

  /** What a database timestamp holds everywhere: the years 1 to 9999. */
  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

  private static Instant instant(String name, String text, Instant now) {
    try {
      Instant at = Instant.parse(text.strip());
      if (at.isBefore(FIRST) || at.isAfter(LAST))
        throw new IllegalArgumentException(
            name + " must be within the years 1 to 9999, not '" + text + "'");
      return at;
    } catch (DateTimeParseException notAnInstant) {
      Duration d = Durations.parse(text.strip());
      if (d == null)
        throw new IllegalArgumentException(
            name
                + " must be an instant (2026-11-01T00:00:00Z) or a duration back from now (30d,"
                + " 12h), not '"
                + text
                + "'");
      return now.minus(d);
    }
  }
}
