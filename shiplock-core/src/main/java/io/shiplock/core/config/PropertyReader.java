package io.shiplock.core.config;

import io.shiplock.core.model.PropertyValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a {@code properties:} map. A value is a scalar (plain) or {@code {secure: true, value: …}};
 * a secure property without a value keeps what the server already holds.
 */
final class PropertyReader {
  static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,126}");

  private PropertyReader() {}

  static Map<String, PropertyValue> read(MapReader owner, String key) {
    Map<String, PropertyValue> out = new LinkedHashMap<>();
    owner.map(key).ifPresent(props -> readInto(props, out));
    return out;
  }

  static void readInto(MapReader props, Map<String, PropertyValue> out) {
    for (String name : props.keys()) {
      String bad = Names.propertyProblem(name);
      if (bad != null) props.error(name, bad);
      Node n = props.raw(name).orElse(null);
      if (n == null) {
        out.put(name, PropertyValue.plain(""));
      } else if (n instanceof MappingNode) {
        props
            .asMap(n, props.field(name))
            .ifPresent(
                m -> {
                  boolean secure = m.bool("secure", false);
                  String value = m.string("value");
                  m.finish();
                  if (!secure && value == null) {
                    m.error("value", "a property that is not secure needs a value");
                  }
                  out.put(name, new PropertyValue(value, secure));
                });
      } else {
        String v = props.scalarText(n, props.field(name));
        if (v != null) out.put(name, PropertyValue.plain(v));
      }
    }
  }
}
