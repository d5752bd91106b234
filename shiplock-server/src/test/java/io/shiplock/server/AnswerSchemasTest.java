package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document's response schemas against real answers: a request through approval to its
 * end, the approvals list, a step log, versions and their statuses. Every object of an answer has
 * each field its schema requires and no field its schema lacks, with the type the schema says.
 */
class AnswerSchemasTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Passed
      scope: version
      ---
      kind: Component
      name: Svc
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - {name: go, steps: [{name: pause, type: wait, with: {duration: 10ms}}]}
      ---
      kind: Environment
      application: App
      name: Gated
      approval: {required: 1, approvers: [gatekeepers], noSelfApproval: false}
      resources: [{name: nowhere}]
      ---
      kind: Role
      name: approver
      permissions: [view, approve]
      ---
      kind: Team
      name: gatekeepers
      members: [admin]
      roles: [{role: approver}]
      """;

  private static TestServer server;
  private static String admin;
  private static JsonNode doc;

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    admin = server.adminToken();
    var applied = server.apply(admin, List.of(new SourceFile("app.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    doc = server.send("GET", "/api/v1/openapi.json", admin, null).json();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theRoutesThatAnswerRecordsHaveResponseSchemas() {
    assertThat(answerSchema("get", "/api/v1/requests/{id}", 200).path("$ref").asText())
        .isEqualTo("#/components/schemas/RequestDetail");
    assertThat(answerSchema("post", "/api/v1/requests", 201).path("$ref").asText())
        .isEqualTo("#/components/schemas/RequestDetail");
    assertThat(answerSchema("get", "/api/v1/approvals", 200).at("/items/$ref").asText())
        .isEqualTo("#/components/schemas/WaitingApproval");
    // A route still answering a map claims no shape.
    assertThat(doc.at("/paths/~1api~1v1~1whoami/get/responses/200").has("content")).isFalse();
  }

  @Test
  void aRequestAnswersWhatItsSchemasSayFromCreationToItsEnd() {
    var created =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"App\", \"environment\": \"Gated\", \"process\": \"go\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    conforms("post", "/api/v1/requests", 201, created.json());
    long id = created.json().get("id").asLong();
    assertThat(created.json().has("approval")).isTrue();

    var waiting = server.send("GET", "/api/v1/approvals", admin, null).json();
    assertThat(waiting).hasSize(1);
    conforms("get", "/api/v1/approvals", 200, waiting);

    var approved =
        server.send("POST", "/api/v1/requests/" + id + "/approve", admin, "{\"comment\": \"ok\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    conforms("post", "/api/v1/requests/{id}/approve", 200, approved.json());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                server
                    .send("GET", "/api/v1/requests/" + id, admin, null)
                    .json()
                    .path("state")
                    .asText()
                    .equals("SUCCEEDED"));
    JsonNode done = server.send("GET", "/api/v1/requests/" + id, admin, null).json();
    assertThat(done.get("steps")).isNotEmpty();
    assertThat(done.at("/approval/decisions")).hasSize(1);
    conforms("get", "/api/v1/requests/{id}", 200, done);
    conforms(
        "get", "/api/v1/requests", 200, server.send("GET", "/api/v1/requests", admin, null).json());
    long step = done.at("/steps/0/id").asLong();
    conforms(
        "get",
        "/api/v1/steps/{id}/log",
        200,
        server.send("GET", "/api/v1/steps/" + step + "/log", admin, null).json());
  }

  @Test
  void versionsAnswerWhatTheirSchemaSays() {
    var created =
        server.send(
            "POST",
            "/api/v1/components/Svc/versions",
            admin,
            "{\"name\": \"1.0\", \"properties\": {\"build\": \"7\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    conforms("post", "/api/v1/components/{component}/versions", 201, created.json());
    String status = "/api/v1/components/{component}/versions/{version}/statuses/{status}";
    var marked =
        server.send("POST", "/api/v1/components/Svc/versions/1.0/statuses/Passed", admin, null);
    assertThat(marked.status()).as(marked.body()).isEqualTo(200);
    conforms("post", status, 200, marked.json());
    conforms(
        "get",
        "/api/v1/components/{component}/versions/{version}",
        200,
        server.send("GET", "/api/v1/components/Svc/versions/1.0", admin, null).json());
    conforms(
        "get",
        "/api/v1/components/{component}/versions",
        200,
        server.send("GET", "/api/v1/components/Svc/versions", admin, null).json());
  }

  @Test
  void insightsAnswerWhatTheirSchemaSays() {
    var answer = server.send("GET", "/api/v1/insights?app=App&since=7d", admin, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().at("/environments/0/weeks")).hasSize(1);
    conforms("get", "/api/v1/insights", 200, answer.json());
  }

  private static JsonNode answerSchema(String method, String path, int status) {
    JsonNode s =
        doc.path("paths")
            .path(path)
            .path(method)
            .path("responses")
            .path(String.valueOf(status))
            .at("/content/application~1json/schema");
    assertThat(s.isMissingNode())
        .as(method + " " + path + " has a " + status + " schema")
        .isFalse();
    return s;
  }

  private static void conforms(String method, String path, int status, JsonNode answer) {
    List<String> problems = new ArrayList<>();
    check(answerSchema(method, path, status), answer, method + " " + path, problems);
    assertThat(problems).as(answer.toPrettyString()).isEmpty();
  }

  /** Adds to {@code problems} where {@code value} is not what {@code schema} describes. */
  private static void check(JsonNode schema, JsonNode value, String where, List<String> problems) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
      check(doc.at("/components/schemas/" + name), value, where, problems);
      return;
    }
    if (schema.has("oneOf")) {
      if (!value.isNull()) check(schema.at("/oneOf/0"), value, where, problems);
      return;
    }
    Set<String> types = new HashSet<>();
    if (schema.path("type").isArray()) schema.get("type").forEach(t -> types.add(t.asText()));
    else if (schema.has("type")) types.add(schema.get("type").asText());
    if (types.isEmpty()) return;
    String actual =
        switch (value.getNodeType()) {
          case OBJECT -> "object";
          case ARRAY -> "array";
          case STRING -> "string";
          case BOOLEAN -> "boolean";
          case NULL -> "null";
          case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
          default -> value.getNodeType().name();
        };
    if (!types.contains(actual)) {
      problems.add(where + " is " + actual + ", the schema says " + types);
      return;
    }
    if (schema.has("enum")) {
      Set<String> allowed = new HashSet<>();
      schema.get("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(value.asText()))
        problems.add(where + " is " + value + ", not one of " + allowed);
    }
    if (actual.equals("array"))
      for (int i = 0; i < value.size(); i++)
        check(schema.path("items"), value.get(i), where + "[" + i + "]", problems);
    if (actual.equals("object") && schema.has("properties")) {
      Set<String> keys = new HashSet<>();
      value.fieldNames().forEachRemaining(keys::add);
      schema
          .get("required")
          .forEach(
              r -> {
                if (!keys.contains(r.asText()))
                  problems.add(where + " lacks required " + r.asText());
              });
      for (String k : keys) {
        if (!schema.get("properties").has(k)) problems.add(where + " has " + k + ", not in schema");
        else check(schema.get("properties").get(k), value.get(k), where + "." + k, problems);
      }
    }
    if (actual.equals("object") && schema.has("additionalProperties"))
      value
          .properties()
          .forEach(
              e ->
                  check(
                      schema.get("additionalProperties"),
                      e.getValue(),
                      where + "." + e.getKey(),
                      problems));
  }
}
