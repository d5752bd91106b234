package io.shiplock.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.shiplock.core.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON in and out of handlers, with request body errors turned into located 400s. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .registerModule(new JavaTimeModule())
          .registerModule(durationsAsWritten());

  /**
   * Durations as configuration writes them ("2s", "1h30m"), not Jackson's seconds with nine
   * decimals ("2.000000000") that a user met on a source's pollInterval.
   */
  private static com.fasterxml.jackson.databind.Module durationsAsWritten() {
    var m = new SimpleModule("durations");
    m.addSerializer(
        Duration.class,
        new StdSerializer<Duration>(Duration.class) {
          @Override
          public void serialize(Duration d, JsonGenerator g, SerializerProvider p)
              throws IOException {
            g.writeString(Durations.format(d));
          }
        });
    return m;
  }

  private Json() {}

  public static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void ok(Context ctx, Object body) {
    send(ctx, 200, body);
  }

  /** The request body as the given record type; malformed or mistyped JSON is a 400. */
  public static <T> T body(Context ctx, Class<T> type) {
    String text = ctx.body();
    if (text.isBlank()) throw ApiException.badRequest("the request needs a JSON body");
    try {
      T value = MAPPER.readValue(text, type);
      if (value == null) throw ApiException.badRequest("the request body must be a JSON object");
      return value;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      Map<String, Object> where = new LinkedHashMap<>();
      if (at != null) {
        where.put("line", at.getLineNr());
        where.put("column", at.getColumnNr());
      }
      if (e instanceof MismatchedInputException m) {
        String field = field(m.getPath());
        if (!field.isEmpty()) where.put("field", field);
        throw new ApiException(
            400, "invalid_body", "request body: " + mismatch(m, field), List.of(where));
      }
      throw new ApiException(
          400,
          "malformed_json",
          "request body is not valid JSON: " + e.getOriginalMessage(),
          List.of(where));
    }
  }

  /** What is wrong, in the caller's terms: the field, the shape it needs, never a Java type. */
  static String mismatch(MismatchedInputException e, String field) {
    if (e instanceof UnrecognizedPropertyException u) {
      List<String> known =
          u.getKnownPropertyIds() == null
              ? List.of()
              : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      return "unknown field '"
          + field
          + "'"
          + (known.isEmpty() ? "" : " (fields here: " + String.join(", ", known) + ")");
    }
    String what = field.isEmpty() ? "the body" : "field '" + field + "'";
    return what + " must be " + shape(e.getTargetType());
  }

  /** "versions", "files[0].digest": the path of the field in the body. */
  static String field(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) b.append('.');
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  static String shape(Class<?> type) {
    if (type == null) return "of another shape";
    if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object {...}";
    if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list [...]";
    if (type == String.class || type == Character.class || type == char.class) return "a string";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class) return "a whole number";
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
    if (type.isEnum())
      return "one of "
          + String.join(
              ", ",
              Arrays.stream(type.getEnumConstants())
                  .map(c -> String.valueOf(c).toLowerCase(Locale.ROOT))
                  .toList());
    if (Temporal.class.isAssignableFrom(type)) return "a time such as 2026-12-01T22:00:00Z";
    return "an object {...}";
  }
}
