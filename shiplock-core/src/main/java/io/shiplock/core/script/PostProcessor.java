package io.shiplock.core.script;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Runs a UCD post-processing script over a step's output. The output is read from a file line by
 * line, so a step that printed 100 MB is scanned without holding it in memory.
 */
public final class PostProcessor {
  /** UCD's default: the step succeeded when its exit code is 0. */
  public static final String DEFAULT_SCRIPT =
      "properties.put('Status', properties.get('exitCode') == 0 ? 'Success' : 'Failure');";

  private static final Sandbox SANDBOX = new Sandbox();
  private final ScriptLimits limits;

  public PostProcessor(ScriptLimits limits) {
    this.limits = limits;
  }

  public ScriptResult run(String script, int exitCode, Path output) {
    return run(script, exitCode, output, Map.of());
  }

  /**
   * Runs the script with {@code properties} holding the step's own outputs first (e.g. the imageId
   * a Docker step reported), which the script may read or replace.
   */
  public ScriptResult run(String script, int exitCode, Path output, Map<String, String> outputs) {
    if (script == null || script.isBlank()) {
      // The default script's meaning, without starting a script engine: most steps have no
      // script, and this runs on every step's critical path.
      return new ScriptResult(exitCode == 0, new LinkedHashMap<>(outputs), "", null);
    }
    try {
      return SANDBOX.evaluate(
          limits, (cx, scope) -> evaluate(cx, scope, script, exitCode, output, outputs));
    } catch (ScriptThread.Failed e) {
      return new ScriptResult(false, Map.of(), "", "post-processing script: " + e.getMessage());
    }
  }

  private ScriptResult evaluate(
      Context cx,
      ScriptableObject scope,
      String script,
      int exitCode,
      Path output,
      Map<String, String> outputs) {
    Map<String, Object> props = new LinkedHashMap<>(outputs);
    props.put("exitCode", exitCode);
    StringBuilder out = new StringBuilder();
    List<Object[]> patterns = new ArrayList<>();
    define(scope, "properties", propertiesObject(props));
    define(scope, "commandOut", commandOut(out));
    boolean[] scanned = {false};
    ScriptableObject scanner = scanner(patterns, output, scope, scanned);
    define(scope, "scanner", scanner);
    cx.evaluateString(scope, script, "post-processing", 1, null);
    // UCD's documented example registers scanners and never calls scanner.scan(); UCD scans for
    // it, after the script. A script that scanned itself is not scanned twice.
    if (!scanned[0] && !patterns.isEmpty())
      ((Function) ScriptableObject.getProperty(scanner, "scan"))
          .call(cx, scope, scanner, new Object[0]);
    Map<String, String> result = new LinkedHashMap<>();
    long chars = 0;
    for (Map.Entry<String, Object> e : props.entrySet()) {
      String k = e.getKey();
      if (k.equals("exitCode") || k.equals("Status")) continue;
      String v = text(e.getValue());
      chars += k.length() + (v == null ? 0 : v.length());
      // Properties become the step's outputs, stored and sent: bounded like commandOut.
      if (chars > limits.outputChars())
        throw new Sandbox.LimitReached(
            "the script's properties hold more than " + limits.outputChars() + " characters");
      result.put(wellFormed(k), v == null ? null : wellFormed(v));
    }
    String status = text(props.get("Status"));
    // Why a step failed: with exit code 0 the script's verdict is the reason, and says so
    // (a non-zero exit code stays the reason, as with the default script).
    String error =
        status == null
            ? "the post-processing script did not set properties.Status"
            : !"Success".equals(status) && exitCode == 0
                ? "the post-processing script set Status to '" + status + "' (exit code 0)"
                : null;
    return new ScriptResult("Success".equals(status), result, out.toString(), error);
  }

  /**
   * The text with each lone UTF-16 surrogate replaced by U+FFFD: a script may build one (a
   * backslash-u D800 escape) and no UTF-8 writer, log or JSON encoder downstream can encode it.
   */
  static String wellFormed(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          !Character.isSurrogate(c)
              || (Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)));
      if (ok && Character.isHighSurrogate(c)) {
        if (b != null) b.append(c).append(s.charAt(i + 1));
        i++;
        continue;
      }
      if (!ok && b == null) b = new StringBuilder(s.length()).append(s, 0, i);
      if (b != null) b.append(ok ? c : '\uFFFD');
    }
    return b == null ? s : b.toString();
  }

  private static void define(ScriptableObject scope, String name, Scriptable value) {
    ScriptableObject.defineProperty(
        scope, name, value, ScriptableObject.READONLY | ScriptableObject.PERMANENT);
  }

  private static String text(Object v) {
    if (v == null || v instanceof Undefined) return null;
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d))
      return String.valueOf(d.longValue());
    return Context.toString(v);
  }

  /**
   * A host object whose members are JS functions, never a Java object the script could reflect on.
   */
  private static ScriptableObject host(Map<String, BaseFunction> members) {
    ScriptableObject o = new NativeObject();
    members.forEach(
        (name, fn) ->
            ScriptableObject.defineProperty(
                o, name, fn, ScriptableObject.READONLY | ScriptableObject.PERMANENT));
    return o;
  }

  private abstract static class Fn extends BaseFunction {
    abstract Object apply(Object[] args);

    @Override
    public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
      Object r = apply(args);
      return r == null ? Undefined.instance : r;
    }
  }

  private static Object arg(Object[] args, int i) {
    return i < args.length ? args[i] : Undefined.instance;
  }

  private static ScriptableObject propertiesObject(Map<String, Object> props) {
    Map<String, BaseFunction> m = new LinkedHashMap<>();
    m.put(
        "get",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            return props.get(Context.toString(arg(a, 0)));
          }
        });
    m.put(
        "put",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            return props.put(Context.toString(arg(a, 0)), arg(a, 1));
          }
        });
    m.put(
        "containsKey",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            return props.containsKey(Context.toString(arg(a, 0)));
          }
        });
    m.put(
        "remove",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            return props.remove(Context.toString(arg(a, 0)));
          }
        });
    return host(m);
  }

  private ScriptableObject commandOut(StringBuilder out) {
    Map<String, BaseFunction> m = new LinkedHashMap<>();
    m.put(
        "print",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            append(out, text(arg(a, 0)));
            return null;
          }
        });
    m.put(
        "println",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            append(out, (a.length == 0 ? "" : text(arg(a, 0))) + "\n");
            return null;
          }
        });
    return host(m);
  }

  private void append(StringBuilder out, String s) {
    s = wellFormed(s);
    if (out.length() + s.length() > limits.outputChars()) {
      throw new Sandbox.LimitReached(
          "the script wrote more than " + limits.outputChars() + " characters to commandOut");
    }
    out.append(s);
  }

  private static ScriptableObject scanner(
      List<Object[]> patterns, Path output, Scriptable scope, boolean[] scanned) {
    Map<String, BaseFunction> m = new LinkedHashMap<>();
    m.put(
        "register",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            if (!(arg(a, 1) instanceof Function fn))
              throw new IllegalStateException(
                  "scanner.register(regex, function(lineNumber, line) {...}) needs a function");
            try {
              patterns.add(new Object[] {Pattern.compile(Context.toString(arg(a, 0))), fn});
            } catch (PatternSyntaxException e) {
              throw new IllegalStateException("bad regular expression: " + e.getDescription());
            }
            return null;
          }
        });
    m.put(
        "scan",
        new Fn() {
          @Override
          Object apply(Object[] a) {
            scanned[0] = true;
            if (output == null || !Files.exists(output)) return null;
            try (BufferedReader r = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
              ScriptBudget budget = ScriptBudget.current();
              int n = 0;
              while (true) {
                // Reading and matching the output is the sandbox's work, not the script's: its
                // allocations are not charged, or a long log would fail any script that scans it.
                long before = ScriptBudget.allocated();
                String line = r.readLine();
                if (line == null) break;
                n++;
                CharSequence text = new BoundedRegex.Text(line, budget::check);
                List<Function> hits = new ArrayList<>();
                for (Object[] p : patterns) {
                  if (((Pattern) p[0]).matcher(text).find()) hits.add((Function) p[1]);
                }
                budget.exempt(ScriptBudget.allocated() - before);
                budget.check();
                for (Function fn : hits) {
                  fn.call(Context.getCurrentContext(), scope, scope, new Object[] {n, line});
                }
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return null;
          }
        });
    return host(m);
  }
}
