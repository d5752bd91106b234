package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.api.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * udclient's property setters and getters of applications, components, environments and
 * component-environment values, over HTTP against a real server (UCD-COMPAT.md §3.7): query
 * parameters or a JSON body, secure values masked, Shiplock's permissions, the configuration
 * changed as an apply would change it, and the next deployment seeing the new value.
 */
class UcdPropertiesTest {
  private static final String CONFIG =
      """
      kind: Component
      name: Web App
      properties: {greeting: from-component}
      environmentProperties:
        - {name: imageId, default: none, description: The image}
      processes:
        - name: deploy
          steps:
            - {name: say, type: shell, with: {argv: [echo, "${p:greeting} ${p:imageId}"]}}
      ---
      kind: Application
      name: Shop
      components: [Web App]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: Web App, process: deploy}}
      ---
      kind: Agent
      name: props-agent
      ---
      kind: Environment
      application: Shop
      name: DEV
      order: 1
      resources:
        - agent: props-agent
          children: [{component: Web App}]
      ---
      kind: Environment
      application: Shop
      name: PROD
      order: 2
      ---
      kind: Role
      name: configurer
      permissions: [view, configure]
      ---
      kind: Role
      name: viewer
      permissions: [view]
      ---
      kind: Team
      name: dev-config
      members: [cody]
      roles: [{role: configurer, application: Shop, environments: [DEV]}]
      ---
      kind: Team
      name: viewers
      members: [vera]
      roles: [{role: viewer}]
      """;

  private static TestServer server;
  private static String admin;
  private static String vera;
  private static String cody;

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    admin = server.adminToken();
    vera = server.newUser("vera", "vera-password-12");
    cody = server.newUser("cody", "cody-password-12");
    var applied = server.apply(admin, files());
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<SourceFile> files() {
    return List.of(new SourceFile("shop.yaml", CONFIG));
  }

  private static TestServer.Response put(String path, String body) {
    return server.send("PUT", path, admin, body);
  }

  private static JsonNode ok(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static Map<String, String> values(String getterPath) {
    Map<String, String> out = new TreeMap<>();
    ok(server.send("GET", getterPath, admin, null))
        .forEach(p -> out.put(p.get("name").asText(), p.get("value").asText()));
    return out;
  }

  @Test
  void settersTakeQueryParametersOrABodyAndGettersAnswerAsUcd() throws Exception {
    JsonNode byQuery =
        ok(put("/cli/component/propValue?component=Web+App&name=port&value=8080", null));
    assertThat(byQuery.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(byQuery.get("name").asText()).isEqualTo("port");
    assertThat(byQuery.get("value").asText()).isEqualTo("8080");
    assertThat(byQuery.get("secure").asBoolean()).isFalse();
    JsonNode secret =
        ok(
            put(
                "/cli/application/propValue",
                "{\"application\": \"Shop\", \"name\": \"api.key\", \"value\": \"k3y-c4nary\","
                    + " \"isSecure\": \"true\"}"));
    assertThat(secret.get("value").asText()).isEqualTo("****");
    assertThat(secret.get("secure").asBoolean()).isTrue();
    ok(
        put(
            "/cli/environment/propValue?application=Shop&environment=PROD&name=db.url&value=jdbc%3Ax",
            null));
    ok(
        put(
            "/cli/environment/componentProperties",
            "{\"application\": \"Shop\", \"component\": \"Web App\", \"environment\": \"PROD\","
                + " \"name\": \"imageId\", \"value\": \"sha256:9\", \"isSecure\": false}"));

    assertThat(values("/cli/component/getProperties?component=Web+App"))
        .containsEntry("port", "8080")
        .containsEntry("greeting", "from-component");
    assertThat(values("/cli/application/getProperties?application=Shop"))
        .containsEntry("api.key", "****");
    assertThat(values("/cli/environment/getProperties?application=Shop&environment=PROD"))
        .containsEntry("db.url", "jdbc:x");
    JsonNode compEnv =
        ok(
            server.send(
                "GET",
                "/cli/environment/componentProperties?environment=PROD&application=Shop&component=Web+App",
                admin,
                null));
    assertThat(compEnv).hasSize(1);
    assertThat(compEnv.get(0).get("value").asText()).isEqualTo("sha256:9");
    assertThat(compEnv.get(0).get("description").asText()).isEqualTo("The image");

    // The configuration changed as an apply would: the export shows it (the secret masked), the
    // plan of the files it came from shows the difference, the audit names who without the value.
    String export = server.send("GET", "/api/v1/config/export", admin, null).body();
    assertThat(export).contains("db.url: jdbc:x", "port: \"8080\"").doesNotContain("k3y-c4nary");
    JsonNode plan =
        server
            .send(
                "POST",
                "/api/v1/config/plan",
                admin,
                Json.MAPPER.writeValueAsString(
                    Map.of("files", List.of(Map.of("name", "shop.yaml", "content", CONFIG)))))
            .json();
    List<String> drifted = new ArrayList<>();
    plan.get("changes").forEach(c -> drifted.add(c.get("text").asText()));
    assertThat(drifted)
        .contains(
            "~ update Component Web App (properties)",
            "~ update Application Shop (properties)",
            "~ update Environment Shop/PROD (componentProperties, properties)");
    String audit = server.send("GET", "/api/v1/audit?action=config.property", admin, null).body();
    assertThat(audit)
        .contains("Application Shop", "property 'api.key'")
        .doesNotContain("k3y-c4nary");

    String wadl = server.send("GET", "/cli/application.wadl", admin, null).body();
    for (String id :
        List.of(
            "setComponentProperty",
            "setApplicationProperty",
            "setEnvironmentProperty",
            "setComponentEnvironmentProperty",
            "getComponentProperties",
            "getApplicationProperties",
            "getEnvironmentProperties",
            "getComponentEnvironmentProperties")) assertThat(wadl).contains("id=\"" + id + "\"");
  }

  /** UCD's error: the status and one plain-text line. */
  private static void refused(TestServer.Response r, int status, String message) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(message);
  }

  @Test
  void errorsNameWhatIsWrongAndPermissionsAreShiplocks() {
    refused(
        put("/cli/component/propValue?component=Nope&name=a&value=b", null),
        404,
        "Component 'Nope' not found");
    refused(
        put("/cli/environment/propValue?application=Shop&environment=QA&name=a", null),
        404,
        "Environment 'QA' not found in application 'Shop'");
    refused(
        put("/cli/application/propValue", "{\"application\": \"Shop\", \"value\": \"v\"}"),
        400,
        "Missing required field 'name'");
    refused(
        put(
            "/cli/environment/componentProperties?application=Shop&environment=DEV"
                + "&component=Web+App&name=imageID&value=x",
            null),
        400,
        "component 'Web App' defines no environment property named 'imageID', did you mean"
            + " 'imageId'? (it defines: imageId)");

    var viewOnly =
        server.send(
            "PUT",
            "/cli/environment/propValue?application=Shop&environment=DEV&name=a",
            vera,
            null);
    assertThat(viewOnly.status()).isEqualTo(403);
    assertThat(viewOnly.body()).contains("lacks the 'configure' permission");
    assertThat(
            server
                .send(
                    "GET",
                    "/cli/environment/getProperties?application=Shop&environment=DEV",
                    vera,
                    null)
                .status())
        .isEqualTo(200);

    // configure on DEV alone: DEV's own properties, not PROD's, the application's or the
    // component's.
    assertThat(
            server
                .send(
                    "PUT",
                    "/cli/environment/propValue?application=Shop&environment=DEV&name=c&value=1",
                    cody,
                    null)
                .status())
        .isEqualTo(200);
    var prod =
        server.send(
            "PUT",
            "/cli/environment/propValue?application=Shop&environment=PROD&name=c",
            cody,
            null);
    assertThat(prod.status()).isEqualTo(403);
    assertThat(prod.body()).contains("'configure' permission", "'PROD'");
    assertThat(
            server
                .send("PUT", "/cli/application/propValue?application=Shop&name=c", cody, null)
                .status())
        .isEqualTo(403);
    assertThat(
            server
                .send("PUT", "/cli/component/propValue?component=Web+App&name=c", cody, null)
                .status())
        .isEqualTo(403);
  }

  /** udclient's clients retry setters on 409; under the configuration lock none is lost at all. */
  @Test
  void concurrentSettersOnOneObjectAllSurvive() throws Exception {
    var pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<TestServer.Response>> sent = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String path =
            "/cli/environment/propValue?application=Shop&environment=PROD&name=race"
                + i
                + "&value="
                + i;
        sent.add(pool.submit(() -> put(path, null)));
      }
      for (var f : sent) assertThat(f.get().status()).as(f.get().body()).isEqualTo(200);
    } finally {
      pool.shutdown();
    }
    assertThat(values("/cli/environment/getProperties?application=Shop&environment=PROD"))
        .containsKeys("race0", "race1", "race2", "race3", "race4", "race5");
  }

  /**
   * A deployment after a setter sees the new value, though an earlier one had the engine read (and
   * cache) the configuration before; the environment's value beats the component's, as in UCD.
   */
  @Test
  void theNextDeploymentSeesASetValue() throws Exception {
    String agent = server.agentToken(admin, "props-agent");
    server.hello(agent);
    assertThat(deployAndTakeEcho(agent, "1.0")).isEqualTo("from-component none");
    ok(
        put(
            "/cli/environment/propValue?application=Shop&environment=DEV&name=greeting&value=hello",
            null));
    ok(
        put(
            "/cli/environment/componentProperties?application=Shop&environment=DEV"
                + "&component=Web+App&name=imageId&value=sha256%3A2",
            null));
    assertThat(deployAndTakeEcho(agent, "1.1")).isEqualTo("hello sha256:2");
  }

  /** A new version deployed to DEV through udclient; the text its step echoes, then success. */
  private static String deployAndTakeEcho(String agent, String version) throws Exception {
    ok(
        server.send(
            "POST", "/cli/version/createVersion?component=Web+App&name=" + version, admin, null));
    String requestId =
        ok(put(
                "/cli/applicationProcessRequest/request",
                "{\"application\": \"Shop\", \"applicationProcess\": \"deploy\","
                    + " \"environment\": \"DEV\", \"onlyChanged\": \"false\","
                    + " \"versions\": [{\"version\": \"latest\", \"component\": \"Web App\"}]}"))
            .get("requestId")
            .asText();
    JsonNode work = server.oneWork(agent);
    String script = work.get("with").get("argv").get(1).asText();
    server.stepEnds(agent, work.get("stepId").asLong(), "SUCCEEDED");
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                server
                    .send(
                        "GET",
                        "/cli/applicationProcessRequest/requestStatus?request=" + requestId,
                        admin,
                        null)
                    .json()
                    .get("result")
                    .asText(),
            "SUCCEEDED"::equals);
    return script;
  }
}
