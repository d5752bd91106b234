package io.shiplock.core.release;

import io.shiplock.core.model.BlackoutSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which blackout window an environment is in at a time, and when it is out of every window: pure
 * decisions over the configured {@link BlackoutSpec}s. Windows may overlap; the one that ends last
 * is the one named.
 */
public final class BlackoutWindows {
  private BlackoutWindows() {}

  /** One occurrence of a blackout: {@code from} included, {@code until} excluded. */
  public record Window(String name, String reason, Instant from, Instant until) {
    /** How a refusal names it. */
    public String describe() {
      return "blackout window '"
          + name
          + "' ("
          + from
          + " until "
          + until
          + (reason == null ? "" : ": " + reason)
          + ")";
    }
  }

  /** The windows that stop {@code app}/{@code env} at {@code t}; the one ending last, or empty. */
  public static Optional<Window> at(List<BlackoutSpec> specs, String app, String env, Instant t) {
    return specs.stream()
        .filter(s -> s.application().equals(app) && s.environments().contains(env))
        .map(s -> occurrence(s, t))
        .flatMap(Optional::stream)
        .max(Comparator.comparing(Window::until));
  }

  /**
   * The first time at or after {@code t} that is in no window of {@code app}/{@code env}: the end
   * of the window at {@code t}, or of the next one overlapping it, and so on. Empty when the
   * windows follow one another without end (a recurring window as long as its period), or for
   * longer than {@link #MAX_CHAIN} windows: configuration no one meant.
   */
  public static Optional<Instant> clearFrom(
      List<BlackoutSpec> specs, String app, String env, Instant t) {
    Instant at = t;
    for (int i = 0; i < MAX_CHAIN; i++) {
      Optional<Window> w = at(specs, app, env, at);
      if (w.isEmpty()) return Optional.of(at);
      at = w.get().until();
    }
    return Optional.empty();
  }

  /** The most windows in a row {@link #clearFrom} follows. */
  public static final int MAX_CHAIN = 1000;

  private static Optional<Window> occurrence(BlackoutSpec s, Instant t) {
    if (!s.recurring()) {
      boolean in = !t.isBefore(s.from()) && t.isBefore(s.until());
      return in
          ? Optional.of(new Window(s.name(), s.reason(), s.from(), s.until()))
          : Optional.empty();
    }
    // The latest start is the only one that can cover t: every earlier one ends earlier.
    return CronSchedule.parse(s.cron(), s.timeZone())
        .lastAtOrBefore(t)
        .map(start -> new Window(s.name(), s.reason(), start, start.plus(s.duration())))
        .filter(w -> t.isBefore(w.until()));
  }
}
