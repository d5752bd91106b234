package io.shiplock.core.script;

import java.time.Duration;

/** Bounds of one script run. */
public record ScriptLimits(Duration time, long memoryBytes, int outputChars) {
  public static final ScriptLimits DEFAULT =
      new ScriptLimits(Duration.ofSeconds(10), 64L << 20, 1 << 20);
}
