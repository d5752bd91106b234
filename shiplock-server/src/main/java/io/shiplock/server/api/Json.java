package io.shiplock.server.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** JSON in and out of handlers, with request body errors turned into located 400s. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

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
      Map<String, Object> where =
          at == null ? Map.of() : Map.of("line", at.getLineNr(), "column", at.getColumnNr());
      throw new ApiException(
          400, "malformed_json", "request body: " + e.getOriginalMessage(), List.of(where));
    }
  }
}
