package io.shiplock.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The bodies udclient sends: the user's JSON file verbatim, read by its content whatever the
 * Content-type says, merged with the query parameters the same command may carry instead
 * (UCD-COMPAT.md §5.4–5.5). A field that is missing or of the wrong type is a 400 naming it.
 */
final class UcdBodies {
  private UcdBodies() {}

  static JsonNode object(Context ctx) {
    String text = ctx.body();
    ObjectNode merged = Json.MAPPER.createObjectNode();
    if (!text.isBlank()) {
      JsonNode parsed;
      try {
        parsed = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        throw ApiException.badRequest("The request body is not valid JSON: " + firstLine(e));
      }
      if (parsed == null || !parsed.isObject())
        throw ApiException.badRequest("The request body must be a JSON object");
      merged.setAll((ObjectNode) parsed);
    } else if (ctx.queryParamMap().isEmpty()) {
      throw ApiException.badRequest(
          "This command needs a JSON body (udclient: give a file name, or - for standard input)");
    }
    ctx.queryParamMap()
        .forEach(
            (k, v) -> {
              if (!merged.has(k) && !v.isEmpty()) merged.put(k, v.get(0));
            });
    return merged;
  }

  static String text(JsonNode body, String field, boolean required) {
    return text(body, field, required, null);
  }

  /** A text field (a number or boolean is taken as its text); {@code where} names its place. */
  static String text(JsonNode body, String field, boolean required, String where) {
    String name = where == null ? field : where + "." + field;
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      if (required) throw ApiException.badRequest("Missing required field '" + name + "'");
      return null;
    }
    if (!v.isValueNode()) throw ApiException.badRequest("Field '" + name + "' must be a string");
    return v.asText().strip();
  }

  /** A boolean as UCD's clients send it: JSON true/false or the strings "true"/"false". */
  static boolean bool(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) return false;
    if (v.isBoolean()) return v.asBoolean();
    String t = v.asText().strip();
    if (t.equalsIgnoreCase("true")) return true;
    if (t.equalsIgnoreCase("false") || t.isEmpty()) return false;
    throw ApiException.badRequest("Field '" + field + "' must be true or false, not '" + t + "'");
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
