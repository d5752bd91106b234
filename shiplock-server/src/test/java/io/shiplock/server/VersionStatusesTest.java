package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Version statuses set by hand through the API: who may, what gates and triggers see at once, the
 * audit log, and the refusals that name what was wrong. Each test works on its own versions.
 */
class VersionStatusesTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Passed
      scope: version
      ---
      kind: Status
      name: Certified
      scope: version
      unique: true
      role: certifier
      ---
      kind: Status
      name: Healthy
      scope: inventory
      ---
      kind: Component
      name: Svc
      ---
      kind: Application
      name: App
      components: [Svc]
      processes:
        - {name: deploy, steps: [{name: s, type: wait, with: {duration: 10ms}}]}
      ---
      kind: Environment
      application: App
      name: Prod
      gate: {allOf: [Passed]}
      resources: [{name: nowhere}]
      ---
      kind: Trigger
      name: promote-when-passed
      application: App
      component: Svc
      when: statusAdded
      status: Passed
      process: deploy
      environment: Prod
      ---
      kind: Role
      name: deployer
      permissions: [view, request]
      ---
      kind: Role
      name: certifier
      permissions: [view]
      ---
      kind: Role
      name: reader
      permissions: [view]
      ---
      kind: Team
      name: developers
      members: [dana]
      roles: [{role: deployer, application: App}]
      ---
      kind: Team
      name: qa
      members: [quinn]
      roles: [{role: certifier}]
      ---
      kind: Team
      name: readers
      members: [wendy]
      roles: [{role: reader}]
      """;

  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("h2");
    admin = server.adminToken();
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "c.yaml", "content", CONFIG))));
    var applied = server.send("POST", "/api/v1/config/apply", admin, body);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    for (String u : List.of("dana", "quinn", "wendy")) {
      var created =
          server.send(
              "POST",
              "/api/v1/users",
              admin,
              "{\"name\": \"" + u + "\", \"password\": \"" + u + "-password-1\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    for (String v : List.of("1.0", "2.0", "2.1")) {
      var created =
          server.send(
              "POST", "/api/v1/components/Svc/versions", admin, "{\"name\": \"" + v + "\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String login(String user) {
    return server
        .send(
            "POST",
            "/api/v1/login",
            null,
            "{\"user\": \"" + user + "\", \"password\": \"" + user + "-password-1\"}")
        .json()
        .get("token")
        .asText();
  }

  private static String statusPath(String version, String status) {
    return "/api/v1/components/Svc/versions/" + version + "/statuses/" + status;
  }

  private static List<String> statuses(String version) {
    List<String> out = new ArrayList<>();
    server
        .send("GET", "/api/v1/components/Svc/versions/" + version, admin, null)
        .json()
        .get("statuses")
        .forEach(s -> out.add(s.asText()));
    return out;
  }

  private static TestServer.Response deployToProd(String token, String version) {
    return server.send(
        "POST",
        "/api/v1/requests",
        token,
        "{\"application\": \"App\", \"environment\": \"Prod\", \"process\": \"deploy\","
            + " \"versions\": {\"Svc\": \""
            + version
            + "\"}}");
  }

  private static List<JsonNode> requests() {
    List<JsonNode> out = new ArrayList<>();
    server.send("GET", "/api/v1/requests", admin, null).json().forEach(out::add);
    return out;
  }

  private static String audit() {
    return server
        .send("GET", "/api/v1/audit?action=status&limit=500", admin, null)
        .json()
        .toString();
  }

  @Test
  void aStatusAddedByHandShowsOnTheVersionFiresItsTriggerAndOpensTheGate() {
    String dana = login("dana");
    var refused = deployToProd(dana, "1.0");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("missing status Passed");

    var added = server.send("POST", statusPath("1.0", "Passed"), dana, null);
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get("name").asText()).isEqualTo("1.0");
    assertThat(added.json().get("statuses")).extracting(JsonNode::asText).containsExactly("Passed");
    assertThat(statuses("1.0")).containsExactly("Passed");

    // The trigger fired before the answer: its request is there already, through the gate.
    assertThat(requests())
        .anyMatch(
            r ->
                r.get("requestedBy").asText().equals("trigger:promote-when-passed")
                    && r.get("versions").get("Svc").asText().equals("1.0"));
    var accepted = deployToProd(dana, "1.0");
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(audit())
        .contains(
            "\"actor\":\"dana\",\"action\":\"status.add\",\"target\":\"Svc 1.0\","
                + "\"outcome\":\"success\",\"detail\":\"Passed (by hand)\"");

    // Adding it again changes nothing.
    var again = server.send("POST", statusPath("1.0", "Passed"), dana, null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(statuses("1.0")).containsExactly("Passed");

    var removed = server.send("DELETE", statusPath("1.0", "Passed"), dana, null);
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().get("statuses")).isEmpty();
    assertThat(statuses("1.0")).isEmpty();
    assertThat(deployToProd(dana, "1.0").status()).isEqualTo(409);
    assertThat(audit()).contains("\"actor\":\"dana\",\"action\":\"status.remove\"");

    var gone = server.send("DELETE", statusPath("1.0", "Passed"), dana, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("message").asText())
        .isEqualTo("Svc 1.0 does not have status 'Passed'");
  }

  @Test
  void aStatusWithARoleNeedsThatRoleAndOneWithoutNeedsTheRequestPermission() {
    var byDana = server.send("POST", statusPath("2.0", "Certified"), login("dana"), null);
    assertThat(byDana.status()).isEqualTo(403);
    assertThat(byDana.json().get("message").asText())
        .isEqualTo("status 'Certified' requires role 'certifier', which user 'dana' does not hold");
    assertThat(
            server.send("GET", "/api/v1/audit?action=access.denied", admin, null).json().toString())
        .contains("requires role 'certifier'");

    // quinn holds the role, and needs nothing more: not even the request permission.
    String quinn = login("quinn");
    assertThat(server.send("POST", statusPath("2.0", "Certified"), quinn, null).status())
        .isEqualTo(200);
    assertThat(statuses("2.0")).containsExactly("Certified");
    // A unique status moves.
    assertThat(server.send("POST", statusPath("2.1", "Certified"), quinn, null).status())
        .isEqualTo(200);
    assertThat(statuses("2.0")).isEmpty();
    assertThat(statuses("2.1")).containsExactly("Certified");
    var dropped = server.send("DELETE", statusPath("2.1", "Certified"), login("dana"), null);
    assertThat(dropped.status()).isEqualTo(403);
    assertThat(statuses("2.1")).containsExactly("Certified");

    // Without a role on the status, the request permission on the component's application.
    var byWendy = server.send("POST", statusPath("2.0", "Passed"), login("wendy"), null);
    assertThat(byWendy.status()).isEqualTo(403);
    assertThat(byWendy.json().get("message").asText())
        .isEqualTo(
            "user 'wendy' lacks the 'request' permission on application 'App' (granted through a"
                + " team's roles)");
    assertThat(statuses("2.0")).isEmpty();
  }

  @Test
  void unknownStatusesInventoryStatusesAndMissingVersionsAreNamed() {
    var unknown = server.send("POST", statusPath("1.0", "Nope"), admin, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("no status named 'Nope'");

    var inventory = server.send("POST", statusPath("1.0", "Healthy"), admin, null);
    assertThat(inventory.status()).isEqualTo(422);
    assertThat(inventory.json().get("message").asText())
        .isEqualTo(
            "status 'Healthy' has scope 'inventory': it is set on what runs in an environment"
                + " (inventory.status.add), not on a version");

    var noVersion = server.send("DELETE", statusPath("9.9", "Passed"), admin, null);
    assertThat(noVersion.status()).isEqualTo(404);
    assertThat(noVersion.json().get("message").asText())
        .isEqualTo("component 'Svc' has no version '9.9'");
  }
}
