package io.shiplock.core.engine;

import io.shiplock.core.model.PropertyValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${p:name}}, {@code ${p:scope/name}}, {@code ${p?:name}} (blank when undefined)
 * and {@code ${p:step/output}} in step parameters. Values may themselves hold references, resolved
 * to a bounded depth. Pure.
 */
public final class PropertyResolver {
  private static final Pattern REF = Pattern.compile("\\$\\{p(\\?)?:([^}]+)}");
  private static final int MAX_DEPTH = 8;

  private final PropertyContext context;
  private final Set<String> secretsUsed = new LinkedHashSet<>();

  public PropertyResolver(PropertyContext context) {
    this.context = context;
  }

  /** An unresolved reference; the message names the property. */
  public static final class Unresolved extends RuntimeException {
    private final String property;

    public Unresolved(String property, String why) {
      super(why);
      this.property = property;
    }

    public String property() {
      return property;
    }
  }

  /** The clear values of the secure properties used so far, for masking. */
  public Set<String> secretsUsed() {
    return Set.copyOf(secretsUsed);
  }

  public String resolve(String text) {
    return resolve(text, 0);
  }

  /** Resolves every string inside a parameter value (string, list or map of strings). */
  public Object resolveValue(Object value) {
    if (value instanceof String s) return resolve(s);
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(resolveValue(v)));
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), resolveValue(v)));
      return out;
    }
    return value;
  }

  /** One {@code ${p:…}} reference in a text: where it stands, what it names, whether optional. */
  public record Reference(int start, int end, String name, boolean optional) {}

  /** The references in {@code text}, in order. */
  public static List<Reference> references(String text) {
    List<Reference> refs = new ArrayList<>();
    if (text == null) return refs;
    Matcher m = REF.matcher(text);
    while (m.find())
      refs.add(new Reference(m.start(), m.end(), m.group(2).trim(), m.group(1) != null));
    return refs;
  }

  /**
   * The value of one reference, its own references resolved: a value, never code. Empty for an
   * optional one that is not defined; {@link Unresolved} for a required one.
   */
  public String value(Reference ref) {
    return value(ref, 0);
  }

  private String value(Reference ref, int depth) {
    String value = lookup(ref.name());
    if (value == null) {
      if (!ref.optional()) {
        throw new Unresolved(
            ref.name(),
            "property '"
                + ref.name()
                + "' is not defined"
                + hint(ref.name())
                + " (use ${p?:"
                + ref.name()
                + "} for an optional one)");
      }
      return "";
    }
    return resolve(value, depth + 1);
  }

  private String resolve(String text, int depth) {
    if (text == null || !text.contains("${p")) return text;
    if (depth > MAX_DEPTH) {
      throw new Unresolved(
          text,
          "property references nest deeper than "
              + MAX_DEPTH
              + " levels (a cycle?) in '"
              + text
              + "'");
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Reference ref : references(text)) {
      out.append(text, at, ref.start()).append(value(ref, depth));
      at = ref.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  private String lookup(String ref) {
    int slash = ref.indexOf('/');
    if (slash < 0) {
      String builtin = context.builtins().get(ref);
      if (builtin != null) return builtin;
      for (String scope : PropertyContext.PRECEDENCE) {
        String v = fromScope(scope, ref);
        if (v != null) return v;
      }
      return null;
    }
    String qualifier = ref.substring(0, slash);
    String name = ref.substring(slash + 1);
    if (context.scopes().containsKey(qualifier) || PropertyContext.PRECEDENCE.contains(qualifier)) {
      return fromScope(qualifier, name);
    }
    Map<String, String> outputs = context.stepOutputs().get(qualifier);
    return outputs == null ? null : outputs.get(name);
  }

  private String fromScope(String scope, String name) {
    Map<String, PropertyValue> props = context.scopes().get(scope);
    if (props == null) return null;
    PropertyValue v = props.get(name);
    if (v == null) return null;
    if (v.secure() && v.value() != null && !v.value().isEmpty()) secretsUsed.add(v.value());
    return v.value();
  }

  private String hint(String ref) {
    int slash = ref.indexOf('/');
    if (slash < 0) return "";
    String qualifier = ref.substring(0, slash);
    if (PropertyContext.PRECEDENCE.contains(qualifier)
        || context.stepOutputs().containsKey(qualifier)) return "";
    return " ('"
        + qualifier
        + "' is neither a scope ("
        + String.join(", ", PropertyContext.PRECEDENCE)
        + ") nor an earlier step of this process)";
  }
}
