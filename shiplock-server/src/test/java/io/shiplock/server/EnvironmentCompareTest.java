package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/applications/{app}/compare} and its page (issue 14): a version deployed on DEV
 * only, properties that differ, are equal, or exist on one side, and a secret compared by presence
 * and never shown. Each environment needs the caller's view permission.
 */
class EnvironmentCompareTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: agent-a
      ---
      kind: Role
      name: viewer
      permissions: [view]
      ---
      kind: Team
      name: devs
      members: [dana]
      roles: [{role: viewer, application: Shop, environments: [DEV]}]
      ---
      kind: Component
      name: Svc
      environmentProperties:
        - {name: port, default: "80"}
      processes:
        - name: deploy
          steps:
            - {name: hello, type: shell, with: {script: "echo hi"}}
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: Svc, process: deploy}}
      ---
      kind: Environment
      application: Shop
      name: DEV
      properties:
        slot: dev
        region: eu
        dbPassword: {secure: true, value: dev-secret-1}
      componentProperties:
        Svc: {port: "8081"}
      resources:
        - agent: agent-a
          children: [{component: Svc}]
      ---
      kind: Environment
      application: Shop
      name: PROD
      properties:
        slot: prod
        region: eu
        dbPassword: {secure: true, value: prod-secret-2}
        onlyProd: x
      resources:
        - agent: agent-a
          children: [{component: Svc}]
      """;

  private TestServer server;
  private String admin;

  @BeforeEach
  void start() {
    server = new TestServer("sqlite", Map.of());
    admin = server.adminToken();
    var applied = server.apply(admin, List.of(new SourceFile("shop.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    String agent = server.agentToken(admin, "agent-a");
    server.hello(agent);
    assertThat(
            server
                .send("POST", "/api/v1/components/Svc/versions", admin, "{\"name\": \"1.0\"}")
                .status())
        .isLessThan(300);
    var made =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"Shop\", \"environment\": \"DEV\", \"process\": \"deploy\","
                + " \"versions\": {\"Svc\": \"1.0\"}}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    long id = made.json().get("id").asLong();
    server.agentEnds(agent, "SUCCEEDED");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server
                    .send("GET", "/api/v1/requests/" + id, admin, null)
                    .json()
                    .get("state")
                    .asText()
                    .equals("SUCCEEDED"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response compare(String token, String query) {
    return server.send("GET", "/api/v1/applications/Shop/compare" + query, token, null);
  }

  private static JsonNode property(JsonNode c, String name) {
    for (JsonNode p : c.get("properties")) if (p.get("name").asText().equals(name)) return p;
    throw new AssertionError("no property " + name + " in " + c);
  }

  @Test
  void showsBothSidesAndMarksEachDifference() {
    var answer = compare(admin, "?left=DEV&right=PROD");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode c = answer.json();
    assertThat(c.get("left").asText()).isEqualTo("DEV");
    assertThat(c.get("right").asText()).isEqualTo("PROD");
    JsonNode svc = c.get("components").get(0);
    assertThat(svc.get("component").asText()).isEqualTo("Svc");
    assertThat(svc.at("/left/versions").toString()).isEqualTo("[\"1.0\"]");
    assertThat(svc.at("/right/versions").toString()).isEqualTo("[]");
    assertThat(svc.get("versionsDiffer").asBoolean()).isTrue();
    assertThat(property(c, "slot").get("differs").asBoolean()).isTrue();
    assertThat(property(c, "region").get("differs").asBoolean()).isFalse();
    assertThat(property(c, "onlyProd").get("left").isNull()).isTrue();
    assertThat(property(c, "onlyProd").get("differs").asBoolean()).isTrue();
    assertThat(property(c, "Svc/port").at("/left/value").asText()).isEqualTo("8081");
    assertThat(property(c, "Svc/port").at("/right/value").asText())
        .as("the default")
        .isEqualTo("80");
    JsonNode secret = property(c, "dbPassword");
    assertThat(secret.at("/left/secure").asBoolean()).isTrue();
    assertThat(secret.at("/left/value").isNull()).isTrue();
    assertThat(secret.get("differs").asBoolean()).as("compared by presence only").isFalse();
    assertThat(answer.body()).doesNotContain("dev-secret-1").doesNotContain("prod-secret-2");
    assertThat(c.get("snapshot").get("differs").asBoolean()).isFalse();
    assertThat(c.get("differences").asInt())
        .as("Svc version, slot, onlyProd, Svc/port")
        .isEqualTo(4);
  }

  @Test
  void thePageMarksTheRowsThatDifferAndMasksSecrets() {
    String page = server.page(admin, "/ui/apps/Shop/compare?left=DEV&right=PROD");
    assertThat(page).contains("4 difference(s), marked.");
    assertThat(page).containsPattern("<tr class=\"differs\" data-row=\"version Svc\">");
    assertThat(page).containsPattern("<tr class=\"same\" data-row=\"property region\">");
    assertThat(page).contains("******").doesNotContain("dev-secret-1");
    assertThat(server.page(admin, "/ui/apps/Shop"))
        .contains("<a href=\"/ui/apps/Shop/compare\">Compare environments</a>");
    assertThat(server.page(admin, "/ui/apps/Shop/compare"))
        .as("the first two by default")
        .contains("4 difference(s)");
  }

  @Test
  void eachEnvironmentNeedsTheViewPermissionAndBadInputSaysWhat() {
    String dana = server.newUser("dana", "dana-password-1");
    var refused = compare(dana, "?left=DEV&right=PROD");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("view");
    assertThat(compare(dana, "?left=DEV&right=DEV").status()).isEqualTo(200);
    var missing = compare(admin, "?left=DEV");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("?right=");
    var unknown = compare(admin, "?left=DEV&right=STAGING");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("no environment named 'STAGING'");
    assertThat(compare(null, "?left=DEV&right=PROD").status()).isEqualTo(401);
  }
}
