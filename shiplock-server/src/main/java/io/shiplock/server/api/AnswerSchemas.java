package io.shiplock.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.shiplock.server.api.answers.Nullable;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Schemas of answer records, read from their components as Jackson writes them: a component is
 * required unless {@code JsonInclude} leaves it out, and may be null only when {@link Nullable}. A
 * type with no honest schema fails loudly rather than being described as anything.
 */
final class AnswerSchemas {
  private final Map<String, Object> schemas = new TreeMap<>();
  private final Map<String, Class<?>> named = new TreeMap<>();

  /** Every schema referred to so far, by name. */
  Map<String, Object> schemas() {
    return schemas;
  }

  /** A reference to the record's schema, defining it (and what it refers to) on first use. */
  Map<String, Object> ref(Class<?> record) {
    String name = record.getSimpleName();
    Class<?> known = named.putIfAbsent(name, record);
    if (known != null && known != record)
      throw new IllegalStateException(
          "two answer records are named " + name + ": " + known + " and " + record);
    if (known == null) {
      Map<String, Object> properties = new LinkedHashMap<>();
      List<String> required = new ArrayList<>();
      describe(record, properties, required);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "object");
      s.put("required", required);
      s.put("properties", properties);
      schemas.put(name, s);
    }
    return Map.of("$ref", "#/components/schemas/" + name);
  }

  private void describe(Class<?> record, Map<String, Object> properties, List<String> required) {
    for (RecordComponent c : record.getRecordComponents()) {
      // Annotations on a component reach the accessor (their targets exclude components).
      Method accessor = c.getAccessor();
      if (accessor.isAnnotationPresent(JsonUnwrapped.class)) {
        describe(c.getType(), properties, required);
        continue;
      }
      Map<String, Object> s = schema(c.getGenericType());
      if (accessor.isAnnotationPresent(Nullable.class)) s = orNull(s);
      properties.put(c.getName(), s);
      JsonInclude include = accessor.getAnnotation(JsonInclude.class);
      if (include == null || include.value() == JsonInclude.Include.ALWAYS)
        required.add(c.getName());
    }
  }

  private Map<String, Object> schema(Type t) {
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw))
        return Map.of("type", "array", "items", schema(args[0]));
      if (Map.class.isAssignableFrom(raw) && args[0] == String.class)
        return Map.of("type", "object", "additionalProperties", schema(args[1]));
    }
    if (t instanceof Class<?> c) {
      if (c == String.class) return Map.of("type", "string");
      if (c == long.class || c == int.class || c == Long.class || c == Integer.class)
        return Map.of("type", "integer");
      if (c == double.class || c == Double.class) return Map.of("type", "number");
      if (c == boolean.class || c == Boolean.class) return Map.of("type", "boolean");
      if (c == Instant.class) return Map.of("type", "string", "format", "date-time");
      if (c.isEnum())
        return Map.of(
            "type",
            "string",
            "enum",
            Arrays.stream(c.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList());
      if (c.isRecord()) return ref(c);
      // Any JSON value: a property of a version is a string or {"secure": true}.
      if (c == Object.class) return Map.of();
    }
    throw new IllegalArgumentException("no JSON schema for " + t.getTypeName() + " in an answer");
  }

  /** OpenAPI 3.1 says "or null" with a type list, or a choice around a reference. */
  private static Map<String, Object> orNull(Map<String, Object> s) {
    if (s.containsKey("$ref")) return Map.of("oneOf", List.of(s, Map.of("type", "null")));
    Map<String, Object> out = new LinkedHashMap<>(s);
    out.put("type", List.of(s.get("type"), "null"));
    return out;
  }
}
