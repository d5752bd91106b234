package io.shiplock.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in YAML: {@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 2d}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /** The longest duration accepted: any clock can add it to now. */
  public static final Duration MAX = Duration.ofDays(36_500);

  /** The duration, or null when the text is not one (or is longer than {@link #MAX}). */
  public static Duration parse(String text) {
    try {
      Duration d = parseUnbounded(text);
      return d == null || d.compareTo(MAX) > 0 || d.isNegative() ? null : d;
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      return null;
    }
  }

  private static Duration parseUnbounded(String text) {
    if (text == null || text.isBlank()) return null;
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = PART.matcher(text);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) return null;
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    return end == text.length() ? d : null;
  }

  /** The shortest text that {@link #parse} reads back to the same duration. */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    if (days > 0) sb.append(days).append('d');
    if (d.toHoursPart() > 0) sb.append(d.toHoursPart()).append('h');
    if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
    if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
    if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
    return sb.toString();
  }
}
