package io.shiplock.core.script;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.RhinoException;

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

  public static boolean holds(String expression, ScriptLimits limits) {
    Context cx = SANDBOX.enterContext();
    try {
      SANDBOX.limit(cx, limits);
      Object result =
          cx.evaluateString(cx.initStandardObjects(), expression, "precondition", 1, null);
      return Context.toBoolean(result);
    } catch (RhinoException | Sandbox.LimitReached e) {
      throw new Invalid("precondition '" + expression + "': " + e.getMessage());
    } finally {
      Context.exit();
    }
  }
}
