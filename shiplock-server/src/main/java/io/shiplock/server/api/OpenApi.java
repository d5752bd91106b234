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
    AnswerSchemas answers = new AnswerSchemas();
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
      op.put("responses", responses(r.answer(), answers));
      item.put(r.method().name().toLowerCase(Locale.ROOT), op);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "Shiplock API", "version", version));
    doc.put("security", List.of(Map.of("bearer", List.of())));
    doc.put("paths", paths);
    Map<String, Object> schemas = new TreeMap<>(answers.schemas());
    schemas.put(
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
                "details", Map.of("type", "array", "items", Map.of("type", "object")))));
    doc.put(
        "components",
        Map.of(
            "securitySchemes",
            Map.of("bearer", Map.of("type", "http", "scheme", "bearer")),
            "schemas",
            schemas));
    return doc;
  }

  /** The answer's schema where the route declares a record; a bare "OK" where it does not. */
  private static Map<String, Object> responses(Route.Answer answer, AnswerSchemas answers) {
    Map<String, Object> out = new TreeMap<>();
    if (answer == null) {
      out.put("200", Map.of("description", "OK"));
    } else {
      Map<String, Object> one = answers.ref(answer.type());
      Map<String, Object> schema = answer.list() ? Map.of("type", "array", "items", one) : one;
      out.put(
          String.valueOf(answer.status()),
          Map.of(
              "description",
              answer.status() == 201 ? "Created" : "OK",
              "content",
              Map.of("application/json", Map.of("schema", schema))));
    }
    out.put(
        "4XX",
        Map.of(
            "description",
            "Refused; body is {error, message, details}",
            "content",
            Map.of(
                "application/json",
                Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
    return out;
  }

  private static Map<String, Object> pathParam(MatchResult m) {
    return Map.of(
        "name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string"));
  }
}
