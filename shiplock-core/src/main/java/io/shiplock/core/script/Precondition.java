package io.shiplock.core.script;

import org.mozilla.javascript.Context;

/**
 * A step precondition: a JavaScript expression (after property resolution), true to run the step,
 * false to skip it. Evaluated in the same sandbox as post-processing scripts.
 */
public final class Precondition {
  private static final Sandbox SANDBOX = new Sandbox();

  private Precondition() {}

  /** Thrown when the expression cannot be evaluated; the step then fails with this message. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message);
    }
  }

  /**
   * Evaluates the expression on a worker thread within {@code limits}. Whatever the expression
   * causes, including Java errors such as a stack overflow, ends as {@link Invalid}; nothing else
   * reaches the caller.
   */
  public static boolean holds(String expression, ScriptLimits limits) {
    try {
      return SANDBOX.evaluate(
          limits,
          (cx, scope) ->
              Context.toBoolean(cx.evaluateString(scope, expression, "precondition", 1, null)));
    } catch (ScriptThread.Failed e) {
      throw new Invalid("precondition '" + expression + "': " + e.getMessage());
    }
  }
}
