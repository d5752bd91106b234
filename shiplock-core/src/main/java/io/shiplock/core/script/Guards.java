package io.shiplock.core.script;

import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeJavaClass;
import org.mozilla.javascript.NativeJavaObject;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;
import org.mozilla.javascript.lc.type.TypeInfo;

/**
 * Limits inside single built-in calls, where Rhino's instruction observer never runs: a call that
 * would build a string longer than the memory limit allows is refused before it allocates, and Java
 * regexes read their input through a text that checks the deadline ({@link BoundedRegex}).
 */
final class Guards {
  private Guards() {}

  /** Replaces the JavaScript built-ins whose result size an argument chooses. */
  static void install(ScriptableObject scope) {
    Scriptable string = ScriptableObject.getClassPrototype(scope, "String");
    guard(string, "repeat", (self, a) -> self.toString().length() * num(a, 0));
    guard(string, "padStart", (self, a) -> num(a, 0));
    guard(string, "padEnd", (self, a) -> num(a, 0));
    Scriptable array = ScriptableObject.getClassPrototype(scope, "Array");
    guard(
        array,
        "join",
        (self, a) ->
            (num(ScriptableObject.getProperty((Scriptable) self, "length")) - 1)
                * (a.length == 0 || Undefined.isUndefined(a[0])
                    ? 1
                    : Context.toString(a[0]).length()));
  }

  private interface Size {
    double of(Object self, Object[] args);
  }

  private static void guard(Scriptable proto, String name, Size size) {
    Function original = (Function) ScriptableObject.getProperty(proto, name);
    ScriptableObject.defineProperty(
        (ScriptableObject) proto,
        name,
        new BaseFunction() {
          @Override
          public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
            budget().checkSize(size.of(thisObj, args), name + "()");
            return original.call(cx, scope, thisObj, args);
          }
        },
        ScriptableObject.DONTENUM);
  }

  private static double num(Object[] a, int i) {
    return i < a.length ? num(a[i]) : 0;
  }

  private static double num(Object v) {
    double d = Context.toNumber(v);
    return Double.isNaN(d) ? 0 : d;
  }

  private static ScriptBudget budget() {
    ScriptBudget b = ScriptBudget.current();
    if (b == null) throw new IllegalStateException("a script built-in ran outside a script");
    return b;
  }

  /** A regex over {@code text} that stops at the script's deadline. */
  static Matcher matcher(String regex, CharSequence text) {
    ScriptBudget b = budget();
    try {
      return Pattern.compile(regex).matcher(new BoundedRegex.Text(text, b::check));
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException("bad regular expression: " + e.getDescription());
    }
  }

  /**
   * A Java string seen from a script: its regex methods run over a deadline-checking text, and the
   * methods whose argument chooses the result's size check it first.
   */
  static final class JavaString extends NativeJavaObject {
    private static final long serialVersionUID = 1L;

    JavaString(Scriptable scope, Object s, TypeInfo type) {
      super(scope, s, type);
    }

    @Override
    public Object get(String name, Scriptable start) {
      String self = (String) javaObject;
      return switch (name) {
        case "matches" -> fn((cx, a) -> matcher(str(a, 0), self).matches());
        case "replaceAll" -> fn((cx, a) -> replace(self, str(a, 0), str(a, 1), true));
        case "replaceFirst" -> fn((cx, a) -> replace(self, str(a, 0), str(a, 1), false));
        case "split" ->
            fn(
                (cx, a) -> {
                  int limit = a.length > 1 ? (int) num(a, 1) : 0;
                  Object[] parts =
                      Pattern.compile(str(a, 0))
                          .split(new BoundedRegex.Text(self, budget()::check), limit);
                  return cx.newArray(getParentScope(), parts);
                });
        case "repeat" -> checked(super.get(name, start), a -> self.length() * num(a, 0), name);
        case "formatted" -> checked(super.get(name, start), a -> widest(self), name);
        default -> super.get(name, start);
      };
    }

    private static String replace(String self, String regex, String with, boolean all) {
      Matcher m = matcher(regex, self);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, with);
        budget().checkSize(out.length(), all ? "replaceAll()" : "replaceFirst()");
        if (!all) break;
      }
      m.appendTail(out);
      return out.toString();
    }
  }

  /** {@code java.lang.String} itself: {@code format} checks the widths it is asked for. */
  static final class JavaStringClass extends NativeJavaClass {
    private static final long serialVersionUID = 1L;

    JavaStringClass(Scriptable scope) {
      super(scope, String.class);
    }

    @Override
    public Object get(String name, Scriptable start) {
      Object member = super.get(name, start);
      if (name.equals("format")) return checked(member, a -> widest(str(a, 0)), name);
      return member;
    }
  }

  /** Widths and precisions in a format string: {@code %2000000000s} pads to two billion chars. */
  private static final Pattern SPEC =
      Pattern.compile("%(?:\\d+\\$)?[-#+ 0,(<]*(\\d+)?(?:\\.(\\d+))?");

  static double widest(String format) {
    double widest = 0;
    Matcher m = SPEC.matcher(format);
    while (m.find()) {
      for (int g = 1; g <= 2; g++) {
        if (m.group(g) != null) widest = Math.max(widest, Double.parseDouble(m.group(g)));
      }
    }
    return widest;
  }

  private interface Body {
    Object call(Context cx, Object[] args);
  }

  private static BaseFunction fn(Body body) {
    return new BaseFunction() {
      @Override
      public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
        return body.call(cx, args);
      }
    };
  }

  private static Object checked(Object member, ToDoubleFunction<Object[]> size, String name) {
    if (!(member instanceof Function original)) return member;
    return new BaseFunction() {
      @Override
      public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
        budget().checkSize(size.applyAsDouble(args), name + "()");
        return original.call(cx, scope, thisObj, args);
      }
    };
  }

  private static String str(Object[] a, int i) {
    return i < a.length ? Context.toString(a[i]) : "undefined";
  }
}
