package io.shiplock.core.wire;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one parsed JSON object, whose errors name the object and the field: a message from
 * a newer or older server must fail clearly, never run with a default standing in for a field.
 */
record WireFields(String what, Map<?, ?> json) {
  private Object required(String field) {
    Object v = json.get(field);
    if (v == null) throw new IllegalArgumentException(what + ": '" + field + "' is missing");
    return v;
  }

  private IllegalArgumentException wrong(String field, String expected, Object v) {
    return new IllegalArgumentException(
        what + ": '" + field + "' must be " + expected + ", not " + describe(v));
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  long whole(String field) {
    return whole(field, required(field));
  }

  private long whole(String field, Object v) {
    boolean integral =
        v instanceof Long
            || v instanceof Integer
            || v instanceof Short
            || v instanceof Byte
            || (v instanceof BigInteger b && b.bitLength() < Long.SIZE);
    if (!integral) throw wrong(field, "a whole number", v);
    return ((Number) v).longValue();
  }

  int integer(String field) {
    long n = whole(field);
    if (n != (int) n) throw wrong(field, "a whole number of 32 bits", n);
    return (int) n;
  }

  Long optionalWhole(String field) {
    Object v = json.get(field);
    return v == null ? null : whole(field, v);
  }

  String text(String field) {
    Object v = required(field);
    if (v instanceof String s) return s;
    throw wrong(field, "a string", v);
  }

  String optionalText(String field) {
    return json.get(field) == null ? null : text(field);
  }

  Map<String, Object> object(String field) {
    if (!(required(field) instanceof Map<?, ?> m)) throw wrong(field, "an object", json.get(field));
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  Map<?, ?> optionalObject(String field) {
    Object v = json.get(field);
    if (v == null || v instanceof Map<?, ?>) return (Map<?, ?>) v;
    throw wrong(field, "an object", v);
  }

  List<String> texts(String field) {
    Object v = required(field);
    if (!(v instanceof List<?> l)) throw wrong(field, "a list of strings", v);
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof String s)) throw wrong(field, "a list of strings", v);
      out.add(s);
    }
    return out;
  }
}
