package io.shiplock.core.script;

import java.util.Set;
import java.util.function.BiFunction;
import org.mozilla.javascript.ClassShutter;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.WrapFactory;
import org.mozilla.javascript.lc.type.TypeInfo;

/**
 * The Rhino context factory of the sandbox. Scripts see only the collection classes UCD's
 * documented examples use ({@code java.util.ArrayList} and friends); every other class, and every
 * Java object that is not one of those (a {@code getClass()} result, say), is refused. Scripts run
 * interpreted so an instruction observer can stop them at their time and memory limits, each on a
 * worker thread of its own ({@link ScriptThread}).
 */
final class Sandbox extends ContextFactory {
  static final Set<String> ALLOWED =
      Set.of(
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.HashSet",
          "java.lang.String",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Double",
          "java.lang.Boolean");

  /**
   * Raised inside the script when a limit is reached. A {@link java.lang.Error}, so a script's own
   * try/catch cannot swallow it.
   */
  static final class LimitReached extends Error {
    LimitReached(String message) {
      super(message);
    }
  }

  private static final ClassShutter SHUTTER = ALLOWED::contains;

  private static final WrapFactory WRAP =
      new WrapFactory() {
        @Override
        public Scriptable wrapAsJavaObject(
            Context cx, Scriptable scope, Object javaObject, TypeInfo staticType) {
          check(javaObject.getClass());
          if (javaObject instanceof String)
            return new Guards.JavaString(scope, javaObject, staticType);
          return super.wrapAsJavaObject(cx, scope, javaObject, staticType);
        }

        @Override
        public Scriptable wrapJavaClass(Context cx, Scriptable scope, Class<?> javaClass) {
          check(javaClass);
          if (javaClass == String.class) return new Guards.JavaStringClass(scope);
          return super.wrapJavaClass(cx, scope, javaClass);
        }

        @Override
        public Scriptable wrapNewObject(Context cx, Scriptable scope, Object obj) {
          if (!(obj instanceof Scriptable)) check(obj.getClass());
          return super.wrapNewObject(cx, scope, obj);
        }
      };

  private static void check(Class<?> c) {
    if (!ALLOWED.contains(c.getName())) {
      throw new EvaluatorException(
          "Java access to " + c.getName() + " is not allowed in post-processing scripts");
    }
  }

  @Override
  protected Context makeContext() {
    Context cx = super.makeContext();
    cx.setLanguageVersion(Context.VERSION_ES6);
    cx.setInterpretedMode(true);
    cx.setInstructionObserverThreshold(10_000);
    cx.setMaximumInterpreterStackDepth(2_000);
    cx.setClassShutter(SHUTTER);
    cx.setWrapFactory(WRAP);
    return cx;
  }

  /**
   * Evaluates {@code body} in a fresh context on a worker thread of its own, within {@code limits}
   * (see {@link ScriptThread}); {@code body} gets the context and a scope with the standard objects
   * and the size guards of {@link Guards}.
   */
  <T> T evaluate(ScriptLimits limits, BiFunction<Context, ScriptableObject, T> body)
      throws ScriptThread.Failed {
    return ScriptThread.run(
        limits,
        budget -> {
          Context cx = enterContext();
          try {
            cx.putThreadLocal(ScriptBudget.class, budget);
            ScriptableObject scope = cx.initStandardObjects();
            Guards.install(scope);
            return body.apply(cx, scope);
          } finally {
            Context.exit();
          }
        });
  }

  @Override
  protected void observeInstructionCount(Context cx, int instructionCount) {
    ScriptBudget b = (ScriptBudget) cx.getThreadLocal(ScriptBudget.class);
    if (b != null) b.check();
  }
}
