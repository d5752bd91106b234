package io.shiplock.core.script;

import java.util.List;
import java.util.function.UnaryOperator;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;

/**
 * A step precondition: a JavaScript expression, true to run the step, false to skip it. Property
 * values reach it as values ({@link JsValues}), never as source; {@code p("name")} reads one more.
 * Evaluated in the same sandbox as post-processing scripts.
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

  /** An expression with no property values. */
  public static boolean holds(String expression, ScriptLimits limits) {
    return holds(new JsValues.Bound(expression, expression, List.of()), name -> null, limits);
  }

  /**
   * {@code bound}'s source with its values in {@link JsValues#ARRAY}; {@code p(name)} answers what
   * {@code property} gives for the name. Evaluated on a worker thread within {@code limits}:
   * whatever the expression causes, including Java errors such as a stack overflow, ends as {@link
   * Invalid}; nothing else reaches the caller.
   */
  public static boolean holds(
      JsValues.Bound bound, UnaryOperator<String> property, ScriptLimits limits) {
    try {
      return SANDBOX.evaluate(
          limits,
          (cx, scope) -> {
            scope.put(JsValues.ARRAY, scope, cx.newArray(scope, bound.values().toArray()));
            scope.put("p", scope, new PropertyFunction(property));
            return Context.toBoolean(
                cx.evaluateString(scope, bound.source(), "precondition", 1, null));
          });
    } catch (ScriptThread.Failed e) {
      throw new Invalid("precondition '" + bound.written() + "': " + e.getMessage());
    }
  }

  /** {@code p("scope/name")}: a property's value as a string. */
  private static final class PropertyFunction extends BaseFunction {
    private static final long serialVersionUID = 1L;
    private final transient UnaryOperator<String> property;

    PropertyFunction(UnaryOperator<String> property) {
      this.property = property;
    }

    @Override
    public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
      if (args.length != 1) throw new IllegalArgumentException("p takes one property name");
      return property.apply(Context.toString(args[0]));
    }
  }
}
