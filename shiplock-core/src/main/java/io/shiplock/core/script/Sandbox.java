package io.shiplock.core.script;

import java.util.Set;
import org.mozilla.javascript.ClassShutter;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.WrapFactory;
import org.mozilla.javascript.lc.type.TypeInfo;

/**
 * The Rhino context factory of the sandbox. Scripts see only the collection classes UCD's
 * documented examples use ({@code java.util.ArrayList} and friends); every other class, and every
 * Java object that is not one of those (a {@code getClass()} result, say), is refused. Scripts run
 * interpreted so an instruction observer can stop them at their time and memory limits.
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

  private static final class Budget {
    final long deadlineNanos;
    final long memoryLimit;
    final long baseline;

    Budget(ScriptLimits limits) {
      this.deadlineNanos = System.nanoTime() + limits.time().toNanos();
      this.memoryLimit = limits.memoryBytes();
      Runtime rt = Runtime.getRuntime();
      this.baseline = rt.totalMemory() - rt.freeMemory();
    }
  }

  private static final ClassShutter SHUTTER = ALLOWED::contains;

  private static final WrapFactory WRAP =
      new WrapFactory() {
        @Override
        public Scriptable wrapAsJavaObject(
            Context cx, Scriptable scope, Object javaObject, TypeInfo staticType) {
          check(javaObject.getClass());
          return super.wrapAsJavaObject(cx, scope, javaObject, staticType);
        }

        @Override
        public Scriptable wrapJavaClass(Context cx, Scriptable scope, Class<?> javaClass) {
          check(javaClass);
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

  void limit(Context cx, ScriptLimits limits) {
    cx.putThreadLocal(Budget.class, new Budget(limits));
  }

  @Override
  protected void observeInstructionCount(Context cx, int instructionCount) {
    Budget b = (Budget) cx.getThreadLocal(Budget.class);
    if (b == null) return;
    if (System.nanoTime() > b.deadlineNanos)
      throw new LimitReached("the script ran longer than its time limit");
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory() - b.baseline;
    if (used > b.memoryLimit) {
      System.gc(); // garbage is not a breach: measure again after a collection
      used = rt.totalMemory() - rt.freeMemory() - b.baseline;
      if (used > b.memoryLimit)
        throw new LimitReached(
            "the script used more memory than its limit (" + (b.memoryLimit >> 20) + " MiB)");
    }
  }
}
