package io.shiplock.core.script;

import java.time.Duration;

/**
 * Bounds of one script run: wall-clock time, bytes the script's thread may allocate (garbage
 * included) and characters it may write to commandOut or leave in its properties.
 */
public record ScriptLimits(Duration time, long memoryBytes, int outputChars) {
  /** Post-processing on an agent. */
  public static final ScriptLimits DEFAULT =
      new ScriptLimits(Duration.ofSeconds(10), 64L << 20, 1 << 20);

  /**
   * Preconditions on the server. Short: the engine evaluates them inside the request's transaction,
   * and on the embedded store that holds the one write connection for as long as they run.
   */
  public static final ScriptLimits PRECONDITION =
      new ScriptLimits(Duration.ofSeconds(2), 16L << 20, 1 << 20);
}
