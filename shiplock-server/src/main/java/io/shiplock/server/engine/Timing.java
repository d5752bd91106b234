package io.shiplock.server.engine;

import io.shiplock.core.engine.BlackoutPolicy;
import java.time.Instant;

/**
 * When a request starts: now or {@code at}, and what it does in a blackout window. An override
 * carries the admin's comment (audited); the API checks who may give one.
 */
public record Timing(Instant at, BlackoutPolicy blackout, String overrideComment) {
  /** Now, refused in a blackout window: what triggers and most requests ask. */
  public static final Timing NOW = new Timing(null, BlackoutPolicy.REFUSE, null);

  public Timing {
    if (blackout == null) blackout = BlackoutPolicy.REFUSE;
    if (blackout == BlackoutPolicy.OVERRIDE
        && (overrideComment == null || overrideComment.isBlank()))
      throw new IllegalArgumentException("an override needs a comment");
  }

  /** At {@code at} (null: now), refused in a blackout window. */
  public static Timing at(Instant at) {
    return new Timing(at, BlackoutPolicy.REFUSE, null);
  }
}
