package io.shiplock.server.engine;

import io.shiplock.core.model.BlackoutSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.release.BlackoutWindows;
import io.shiplock.core.release.BlackoutWindows.Window;
import io.shiplock.core.store.Repositories;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Blackout windows as configured, checked when a request is made (for the time it would start) and
 * again when a scheduled one starts. The decisions are {@link BlackoutWindows}'.
 */
final class Blackouts {
  private Blackouts() {}

  private static List<BlackoutSpec> all(Repositories r) {
    return r.config().list(Kind.BLACKOUT).stream().map(o -> (BlackoutSpec) o).toList();
  }

  /** The window {@code app}/{@code env} is in at {@code t}, if any. */
  static Optional<Window> at(Repositories r, String app, String env, Instant t) {
    return BlackoutWindows.at(all(r), app, env, t);
  }

  /**
   * The first time at or after {@code t} out of every window of {@code app}/{@code env}; empty when
   * the windows follow one another without end.
   */
  static Optional<Instant> clearFrom(Repositories r, String app, String env, Instant t) {
    return BlackoutWindows.clearFrom(all(r), app, env, t);
  }

  /** Where a request stands: in which window of which environment. */
  private static String inWindow(String app, String env, Window w) {
    return "environment '" + env + "' of application '" + app + "' is in " + w.describe();
  }

  /** Why a request cannot wait for the end of windows that have none. */
  static String endless(String app, String env, Window w) {
    return inWindow(app, env, w)
        + ", and its blackout windows follow one another without an end in sight; an admin"
        + " overrides it with a comment (--override-blackout \"…\")";
  }

  /** Why a request may not start in window {@code w}, and what the requester can do. */
  static String refusal(String app, String env, Window w) {
    return inWindow(app, env, w)
        + "; nothing starts there until "
        + w.until()
        + ". Ask to wait for its end (shiplock request --after-blackout, \"afterBlackout\": true),"
        + " or an admin overrides it with a comment (--override-blackout \"…\")";
  }
}
