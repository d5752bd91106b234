package io.shiplock.core.ucd.imports;

import io.shiplock.core.model.EnvPropertyDef;
import io.shiplock.core.model.PropertyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Properties and property definitions as UCD exports carry them. An object's values stand in {@code
 * properties} (a list of {@code {name, value, secure}} or a plain name-to-value object) or in
 * {@code propSheet.properties}; {@code ${p:…}} references in values are kept as they are, because
 * Shiplock resolves the same syntax.
 */
final class UcdProperties {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,126}");

  /** What UCD writes in place of a secure value it does not export. */
  private static final String MASK = "****";

  private UcdProperties() {}

  static Map<String, PropertyValue> of(Node owner, Problems problems) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    read(owner.field("properties"), out, problems);
    read(owner.field("propSheet").field("properties"), out, problems);
    return out;
  }

  /** Values given directly: a list of {@code {name, value, secure}} or a name-to-value object. */
  static Map<String, PropertyValue> values(Node props, Problems problems) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    read(props, out, problems);
    return out;
  }

  private static void read(Node props, Map<String, PropertyValue> out, Problems problems) {
    if (props.isMissing()) return;
    if (props.isObject()) {
      props
          .json()
          .fieldNames()
          .forEachRemaining(n -> put(props.field(n), props.field(n), n, false, out, problems));
      return;
    }
    for (Node p : props.items(problems)) {
      if (!p.isObject()) {
        problems.add(p, "expected a property {name, value, secure}, found " + p.kind());
        continue;
      }
      String name = p.required("name", problems);
      if (name == null) continue;
      put(
          p.field("name"),
          p.field("value"),
          name,
          p.bool("secure", false, problems),
          out,
          problems);
    }
  }

  private static void put(
      Node nameNode,
      Node value,
      String name,
      boolean secure,
      Map<String, PropertyValue> out,
      Problems problems) {
    if (!validName(nameNode, name, problems)) return;
    if (!value.isMissing() && !value.json().isValueNode()) {
      problems.add(value, "a property value must be a string, found " + value.kind());
      return;
    }
    String v = value.isMissing() ? "" : value.json().asText();
    if (out.containsKey(name)) {
      problems.add(value, "property '" + name + "' is given twice");
      return;
    }
    // A secure value the export left out keeps what the server holds, as in Shiplock's exports.
    out.put(
        name,
        secure
            ? (v.isEmpty() || v.equals(MASK)
                ? new PropertyValue(null, true)
                : PropertyValue.secret(v))
            : PropertyValue.plain(v));
  }

  /** Component-environment property definitions ({@code envPropDefs}). */
  static List<EnvPropertyDef> definitions(Node defs, Problems problems) {
    List<EnvPropertyDef> out = new ArrayList<>();
    for (Node d : defs.items(problems)) {
      String name = d.required("name", problems);
      if (name == null || !validName(d.field("name"), name, problems)) continue;
      boolean secure =
          d.bool("secure", false, problems)
              || d.text("type", "", problems).toUpperCase(Locale.ROOT).equals("SECURE");
      String fallback = d.text("value", d.text("defaultValue", "", problems), problems);
      if (secure && !fallback.isEmpty() && !fallback.equals(MASK)) {
        // Said, never echoed: the value is a secret.
        problems.note(
            d,
            "the default value of secure definition '"
                + name
                + "' is left out (a secure definition has no default in Shiplock): give each"
                + " environment its value");
      }
      out.add(
          new EnvPropertyDef(
              name,
              secure ? null : fallback,
              secure,
              emptyToNull(d.text("description", "", problems))));
    }
    return out;
  }

  static boolean validName(Node where, String name, Problems problems) {
    if (NAME.matcher(name).matches()) return true;
    problems.add(
        where,
        "property name '"
            + name
            + "' cannot be a Shiplock property name (letters, digits, '_', '-', '.')");
    return false;
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
