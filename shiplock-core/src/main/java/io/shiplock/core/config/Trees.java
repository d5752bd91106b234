package io.shiplock.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Map trees for JSON and YAML output. */
public final class Trees {
  private Trees() {}

  /**
   * The same tree with a stable key order: insertion-ordered maps keep their order, any other map
   * (such as {@code Map.of}, whose order changes from one JVM to the next) is sorted by key. So the
   * same document prints the same text every time.
   */
  public static Object stable(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out =
          m instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), stable(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(stable(v)));
      return out;
    }
    return node;
  }
}
