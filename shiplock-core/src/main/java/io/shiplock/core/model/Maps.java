package io.shiplock.core.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Maps in the model are sorted and unmodifiable so equal models compare and print equally. */
public final class Maps {
  private Maps() {}

  public static <V> Map<String, V> sorted(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
