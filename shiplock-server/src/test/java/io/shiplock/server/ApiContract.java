package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.api.Json;
import io.shiplock.store.Examples;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over a real server and store, run once per backend. */
abstract class ApiContract {
  private TestServer server;
  private String token;

  protected abstract String dialect();

  @BeforeEach
  void start() {
    server = new TestServer(dialect());
    token = server.adminToken();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String filesBody(List<SourceFile> files, boolean prune) throws Exception {
    return Json.MAPPER.writeValueAsString(
        Map.of(
            "files",
            files.stream().map(f -> Map.of("name", f.name(), "content", f.content())).toList(),
            "prune",
            prune));
  }

  private TestServer.Response post(String path, String body) {
    return server.send("POST", path, token, body);
  }

  private TestServer.Response get(String path) {
    return server.send("GET", path, token, null);
  }

  @Test
  void applyingTheExampleTwiceChangesNothingTheSecondTime() throws Exception {
    var first = post("/api/v1/config/apply", filesBody(Examples.files(), false));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("summary").asText())
        .isEqualTo("19 to create, 0 to update, 0 to delete");
    assertThat(first.json().get("applied").asBoolean()).isTrue();
    var second = post("/api/v1/config/apply", filesBody(Examples.files(), false));
    assertThat(second.json().get("summary").asText()).isEqualTo("no changes");
    assertThat(second.json().get("applied").asBoolean()).isFalse();
    var plan = post("/api/v1/config/plan", filesBody(Examples.files(), true));
    assertThat(plan.json().get("changes")).isEmpty();
  }

  /** A team member who is not a user was accepted without a word; now it is named, and applies. */
  @Test
  void aTeamMemberWhoIsNotAUserIsAWarningWithFileAndLine() throws Exception {
    String yaml =
        """
        kind: Role
        name: watcher
        permissions: [view]
        ---
        kind: Team
        name: ops
        members: [admin, ghost]
        roles: [{role: watcher}]
        """;
    var plan =
        post("/api/v1/config/plan", filesBody(List.of(new SourceFile("team.yaml", yaml)), false));
    var applied =
        post("/api/v1/config/apply", filesBody(List.of(new SourceFile("team.yaml", yaml)), false));
    for (var r : List.of(plan, applied)) {
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("warnings")).hasSize(1);
      JsonNode w = r.json().at("/warnings/0");
      assertThat(w.get("file").asText()).isEqualTo("team.yaml");
      assertThat(w.get("line").asInt()).isEqualTo(7);
      assertThat(w.get("message").asText())
          .isEqualTo(
              "team 'ops': member 'ghost' is not a user; the team's roles reach them once the user"
                  + " exists (shiplock users create ghost)");
    }
    assertThat(applied.json().get("applied").asBoolean()).isTrue();
  }

  /** It was accepted, installed nothing of that component, and failed midway. */
  @Test
  void aRequestWithoutTheVersionOfAComponentItsProcessInstallsIsRefusedUpFront() throws Exception {
    post("/api/v1/config/apply", filesBody(Examples.files(), false));
    var refused =
        post(
            "/api/v1/requests",
            "{\"application\": \"ContinuousTestServices\", \"environment\": \"Production\","
                + " \"process\": \"pull_run\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText())
        .isEqualTo(
            "process 'pull_run' installs component 'SimpleTopologyService' (step 'pull'): the"
                + " request must give its version, e.g. \"versions\": {\"SimpleTopologyService\":"
                + " \"1.0\"}");
    assertThat(get("/api/v1/requests").json()).isEmpty();
  }

  @Test
  void everyKindCanBeRead() throws Exception {
    post("/api/v1/config/apply", filesBody(Examples.files(), false));
    assertThat(get("/api/v1/statuses").json()).hasSize(5);
    assertThat(get("/api/v1/agents").json()).hasSize(2);
    assertThat(get("/api/v1/components/SimpleTopologyService").json().at("/processes").size())
        .isEqualTo(6);
    assertThat(get("/api/v1/applications").json().get(0).get("name").asText())
        .isEqualTo("ContinuousTestServices");
    JsonNode envs = get("/api/v1/applications/ContinuousTestServices/environments").json();
    assertThat(StreamSupport.stream(envs.spliterator(), false).map(e -> e.get("name").asText()))
        .containsExactly(
            "Integration Test",
            "Private Docker Registry",
            "Production",
            "Public DockerHub",
            "Swarm");
    JsonNode dockerHub =
        get("/api/v1/applications/ContinuousTestServices/environments/Public%20DockerHub").json();
    assertThat(dockerHub.at("/gate/allOf/0").asText()).isEqualTo("FunctionalRegressionPassed");
    assertThat(dockerHub.at("/approval/approvers/0").asText()).isEqualTo("release-managers");
    assertThat(dockerHub.at("/properties/registryPassword/secure").asBoolean()).isTrue();
    assertThat(get("/api/v1/environments?application=ContinuousTestServices").json()).hasSize(5);
    var missing = get("/api/v1/components/Nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText())
        .isEqualTo("no Component Nope on this server");
  }

  @Test
  void invalidConfigurationIsA422WithEveryProblemLocated() throws Exception {
    String bad = "kind: Status\nname: Passed\nscope: sideways\ncolour: red\n---\nkind: Xylophone\n";
    var r =
        post("/api/v1/config/apply", filesBody(List.of(new SourceFile("bad.yaml", bad)), false));
    assertThat(r.status()).isEqualTo(422);
    JsonNode body = r.json();
    assertThat(body.get("error").asText()).isEqualTo("invalid_configuration");
    assertThat(body.get("details")).hasSize(3);
    assertThat(body.get("details").findValuesAsText("text"))
        .containsExactlyInAnyOrder(
            "bad.yaml:3:8: scope: scope must be 'version', 'inventory' or 'snapshot', not 'sideways'",
            "bad.yaml:4:1: colour: unknown field 'colour', did you mean 'color'?",
            "bad.yaml:6:7: kind: unknown kind 'Xylophone' (known: Status, Agent, Component, Application, Environment, Role, Team, Source, Trigger, Schedule, Blackout, Snapshot)");
    assertThat(body.at("/details/0/file").asText()).isEqualTo("bad.yaml");
    assertThat(get("/api/v1/statuses").json()).isEmpty();
  }

  @Test
  void badRequestsGetClearFourHundreds() {
    var malformed = post("/api/v1/config/apply", "{\"files\": [");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("error").asText()).isEqualTo("malformed_json");
    var dupKeys = post("/api/v1/config/apply", "{\"files\": [], \"files\": []}");
    assertThat(dupKeys.status()).isEqualTo(400);
    assertThat(dupKeys.json().get("message").asText()).contains("Duplicate field 'files'");
    var unknown = post("/api/v1/config/apply", "{\"filez\": []}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("message").asText()).contains("filez");
    var wrongType = post("/api/v1/config/apply", "{\"files\": \"x\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().get("message").asText())
        .isEqualTo("request body: field 'files' must be a list [...]");
    assertThat(wrongType.json().at("/details/0/field").asText()).isEqualTo("files");
    var nested = post("/api/v1/config/apply", "{\"files\": [{\"name\": {}, \"content\": \"\"}]}");
    assertThat(nested.json().get("message").asText())
        .isEqualTo("request body: field 'files[0].name' must be a string");
    var versionsAsNumber =
        post(
            "/api/v1/requests",
            "{\"application\": \"A\", \"environment\": \"E\", \"process\": \"p\", \"versions\": 3}");
    assertThat(versionsAsNumber.status()).isEqualTo(400);
    assertThat(versionsAsNumber.json().get("message").asText())
        .startsWith("field 'versions' must be an object")
        .contains("or a list of");
    var badPair =
        post(
            "/api/v1/requests",
            "{\"application\": \"A\", \"environment\": \"E\", \"process\": \"p\","
                + " \"versions\": [{\"component\": \"C\"}]}");
    assertThat(badPair.json().get("message").asText())
        .isEqualTo(
            "field 'versions[0]' must be {\"component\": \"…\", \"version\": \"…\"} (two strings)");
    for (var r : List.of(wrongType, nested, versionsAsNumber, badPair, unknown))
      assertThat(r.json().get("message").asText())
          .doesNotContain("java.")
          .doesNotContain("Cannot deserialize");
    var empty = post("/api/v1/config/apply", "{\"files\": []}");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().get("message").asText()).contains("at least one");
    assertThat(get("/api/v1/nothing-here").status()).isEqualTo(404);
    var huge =
        post(
            "/api/v1/config/apply",
            "{\"files\": [{\"name\": \"a\", \"content\": \""
                + "x".repeat(33 * 1024 * 1024)
                + "\"}]}");
    assertThat(huge.status()).isEqualTo(413);
  }

  @Test
  void exportAppliesBackToTheSameText() throws Exception {
    post("/api/v1/config/apply", filesBody(Examples.files(), false));
    var export = get("/api/v1/config/export");
    assertThat(export.status()).isEqualTo(200);
    try (TestServer other = new TestServer(dialect())) {
      String otherToken = other.adminToken();
      var applied =
          other.send(
              "POST",
              "/api/v1/config/apply",
              otherToken,
              filesBody(List.of(new SourceFile("export.yaml", export.body())), false));
      assertThat(applied.status()).isEqualTo(200);
      assertThat(other.send("GET", "/api/v1/config/export", otherToken, null).body())
          .isEqualTo(export.body());
    }
  }

  @Test
  void versionsAreCreatedAndListed() throws Exception {
    post("/api/v1/config/apply", filesBody(Examples.files(), false));
    var created =
        post(
            "/api/v1/components/SimpleTopologyService/versions",
            "{\"name\": \"1.0.0\", \"properties\": {\"commit\": \"abc123\"}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("createdBy").asText()).isEqualTo("admin");
    var dup = post("/api/v1/components/SimpleTopologyService/versions", "{\"name\": \"1.0.0\"}");
    assertThat(dup.status()).isEqualTo(409);
    var list = get("/api/v1/components/SimpleTopologyService/versions");
    assertThat(list.json().get(0).at("/properties/commit").asText()).isEqualTo("abc123");
    assertThat(post("/api/v1/components/Nope/versions", "{\"name\": \"1\"}").status())
        .isEqualTo(404);
    assertThat(
            post("/api/v1/components/SimpleTopologyService/versions", "{\"name\": \"a/b\"}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void tokensCanBeCreatedListedAndRevoked() {
    var created = post("/api/v1/tokens", "{\"name\": \"ci\", \"expiresIn\": \"30d\"}");
    assertThat(created.status()).isEqualTo(201);
    String ci = created.json().get("token").asText();
    assertThat(ci).startsWith("slk_");
    assertThat(server.send("GET", "/api/v1/whoami", ci, null).json().get("user").asText())
        .isEqualTo("admin");
    JsonNode list = get("/api/v1/tokens").json();
    assertThat(list.findValuesAsText("name")).contains("login", "ci");
    assertThat(list.toString()).doesNotContain(ci);
    long id = created.json().get("id").asLong();
    assertThat(server.send("DELETE", "/api/v1/tokens/" + id, token, null).status()).isEqualTo(200);
    assertThat(server.send("GET", "/api/v1/whoami", ci, null).status()).isEqualTo(401);
    assertThat(post("/api/v1/tokens", "{\"name\": \"x\", \"expiresIn\": \"forever\"}").status())
        .isEqualTo(400);
  }

  @Test
  void wrongPasswordsAreRefusedAndThrottled() {
    for (int i = 0; i < 5; i++) {
      var r =
          server.send(
              "POST", "/api/v1/login", null, "{\"user\": \"admin\", \"password\": \"wrong\"}");
      assertThat(r.status()).isEqualTo(401);
    }
    var locked =
        server.send(
            "POST",
            "/api/v1/login",
            null,
            "{\"user\": \"admin\", \"password\": \"" + TestServer.ADMIN_PASSWORD + "\"}");
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.json().get("message").asText()).contains("too many failed logins");
  }

  @Test
  void theSchemaDescribesEveryKindAndStepType() {
    JsonNode schema = get("/api/v1/config/schema").json();
    assertThat(schema.at("/properties/kind/enum").toString()).contains("Status", "Environment");
    assertThat(schema.at("/$defs/step/properties/type/enum").toString())
        .contains("docker.build", "shell");
  }
}
