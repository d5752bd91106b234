package io.shiplock.server.api;

import io.shiplock.core.config.Trees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** An OpenAPI 3.1 document made from the route table, so it cannot drift from the routes. */
final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

  private OpenApi() {}

  static Object document(List<Route> routes, String version) {
    return Trees.stable(build(routes, version));
  }

  private static Map<String, Object> build(List<Route> routes, String version) {
    Map<String, Object> paths = new TreeMap<>();
    for (Route r : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(r.path(), k -> new LinkedHashMap<>());
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("summary", r.summary());
      List<Map<String, Object>> params =
          PARAM.matcher(r.path()).results().map(OpenApi::pathParam).toList();
      if (!params.isEmpty()) op.put("parameters", params);
      if (r.access() == Access.PUBLIC) op.put("security", List.of());
      op.put(
          "responses",
          Map.of(
              "200", Map.of("description", "OK"),
              "4XX",
                  Map.of(
                      "description",
                      "Refused; body is {error, message, details}",
                      "content",
                      Map.of(
                          "application/json",
                          Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
      item.put(r.method().name().toLowerCase(Locale.ROOT), op);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "Shiplock API", "version", version));
    doc.put("security", List.of(Map.of("bearer", List.of())));
    doc.put("paths", paths);
    doc.put(
        "components",
        Map.of(
            "securitySchemes",
            Map.of("bearer", Map.of("type", "http", "scheme", "bearer")),
            "schemas",
            Map.of(
                "Error",
                Map.of(
                    "type",
                    "object",
                    "required",
                    List.of("error", "message"),
                    "properties",
                    Map.of(
                        "error", Map.of("type", "string"),
                        "message", Map.of("type", "string"),
                        "details", Map.of("type", "array", "items", Map.of("type", "object")))))));
    return doc;
  }

  private static Map<String, Object> pathParam(MatchResult m) {
    return Map.of(
        "name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string"));
  }
}
