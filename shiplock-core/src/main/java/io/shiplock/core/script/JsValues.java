package io.shiplock.core.script;

import io.shiplock.core.engine.PropertyResolver;
import io.shiplock.core.engine.PropertyResolver.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Property values for a JavaScript precondition, given as values instead of pasted into its source:
 * {@code "${p:runTests}" == "true"} is evaluated as {@code "" + __pv[0] + "" == "true"} with the
 * value in the array {@code __pv}. Inside a string literal the reference joins the string; in a
 * template literal it is a substitution; bare, it is a value of its own (true, false and numbers as
 * such, anything else as a string), never code.
 */
public final class JsValues {
  /** The array that holds the values. */
  public static final String ARRAY = "__pv";

  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,15})?");

  private JsValues() {}

  /**
   * The source to evaluate and the values of {@link #ARRAY}, in order; {@code written} is the
   * expression as configured, which messages quote (never a value: it may be a secret).
   */
  public record Bound(String written, String source, List<Object> values) {}

  public static Bound bind(String expression, PropertyResolver resolver) {
    if (PropertyResolver.references(expression).isEmpty())
      return new Bound(expression, expression, List.of());
    return new Binder(expression, resolver).bind();
  }

  /** One pass over the expression: a lexer of string, template and comment tokens. */
  private static final class Binder {
    private final String s;
    private final PropertyResolver resolver;
    private final List<Object> values = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    Binder(String s, PropertyResolver resolver) {
      this.s = s;
      this.resolver = resolver;
    }

    Bound bind() {
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        Reference ref = refAt(i);
        if (ref != null) {
          out.append(slot(typed(resolver.value(ref))));
          i = ref.end();
        } else if (c == '"' || c == '\'' || c == '`') {
          i = literal(i, c);
        } else if (s.startsWith("//", i) || s.startsWith("/*", i)) {
          int stop = s.startsWith("//", i) ? s.indexOf('\n', i) : s.indexOf("*/", i) + 2;
          stop = stop < 2 ? s.length() : stop;
          out.append(s, i, stop);
          i = stop;
        } else {
          out.append(c);
          i++;
        }
      }
      return new Bound(s, out.toString(), values);
    }

    /**
     * A string literal from its opening quote: without references, as written; with them, a
     * parenthesised concatenation, so a member call on the literal ({@code "…".indexOf(x)}) still
     * applies to the whole string. In a template literal a reference is a substitution.
     */
    private int literal(int open, char q) {
      StringBuilder lit = new StringBuilder().append(q);
      boolean joined = false;
      int i = open + 1;
      while (i < s.length()) {
        char c = s.charAt(i);
        Reference ref = refAt(i);
        if (ref != null) {
          String slot = slot(resolver.value(ref));
          lit.append(q == '`' ? "${" + slot + "}" : q + " + " + slot + " + " + q);
          joined |= q != '`';
          i = ref.end();
          continue;
        }
        lit.append(c);
        i++;
        if (c == '\\' && i < s.length()) lit.append(s.charAt(i++));
        else if (c == q) break;
      }
      out.append(joined ? "(" + lit + ")" : lit);
      return i;
    }

    private Reference refAt(int i) {
      if (!s.startsWith("${p", i)) return null;
      List<Reference> refs = PropertyResolver.references(s.substring(i));
      if (refs.isEmpty() || refs.get(0).start() != 0) return null;
      Reference r = refs.get(0);
      return new Reference(i, i + r.end(), r.name(), r.optional());
    }

    private String slot(Object value) {
      values.add(value);
      return ARRAY + "[" + (values.size() - 1) + "]";
    }
  }

  /** A bare value as it read when it was pasted: a boolean or a number, else a string. */
  private static Object typed(String value) {
    if (value.equals("true") || value.equals("false")) return Boolean.valueOf(value);
    if (NUMBER.matcher(value).matches()) return Double.valueOf(value);
    return value;
  }
}
