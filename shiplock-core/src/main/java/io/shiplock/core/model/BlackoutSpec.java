package io.shiplock.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A time when nothing may start on some environments of an application: once, from {@code from}
 * until {@code until}, or again and again, for {@code duration} from each time of {@code cron} (in
 * {@code timeZone}). A request that would start inside one is refused, naming it, unless it asks to
 * wait for its end or an admin overrides it with a comment.
 */
public record BlackoutSpec(
    String name,
    String application,
    List<String> environments,
    Instant from,
    Instant until,
    String cron,
    String timeZone,
    Duration duration,
    String reason)
    implements ConfigObject {
  public BlackoutSpec {
    environments = List.copyOf(environments);
  }

  /** True for a window that repeats (a cron and a duration), false for a one-off one. */
  public boolean recurring() {
    return cron != null;
  }

  @Override
  public ObjectKey key() {
    return ObjectKey.of(Kind.BLACKOUT, name);
  }
}
