package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UCD calls that set an application up, in the order of UCD's "Deploying applications by using
 * REST commands" example: create a component, set its property, create its process from the UCD
 * graph, create an application, add the component, create an environment, create the application
 * process. Each becomes Shiplock configuration as an apply would make it; a refusal changes
 * nothing.
 */
class UcdSetupTest {
  private static TestServer server;
  private static String admin;
  private static String vera;

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    admin = server.adminToken();
    vera = server.newUser("vera", "vera-password-12");
    var applied =
        server.apply(
            admin,
            List.of(
                new SourceFile(
                    "people.yaml",
                    """
                    kind: Role
                    name: viewer
                    permissions: [view]
                    ---
                    kind: Team
                    name: v
                    members: [vera]
                    roles: [{role: viewer}]
                    """)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Response put(String token, String path, String body) {
    return server.send("PUT", path, token, body);
  }

  private static JsonNode ok(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static final String COMPONENT_PROCESS =
      """
      {"component": "helloWorld", "name": "helloProcess", "description": "",
       "defaultWorkingDir": "${p:resource/work.dir}/${p:component.name}", "takesVersion": "true",
       "propDefs": [],
       "rootActivity": {"type": "graph", "name": "GRAPH",
         "children": [
           {"type": "plugin", "name": "Clean work space", "pluginName": "File Utils",
            "commandName": "Delete Files and Directories",
            "properties": {"baseDir": ".", "includes": "*", "excludes": "", "followSymlinks": "false",
                           "caseSensitive": "true"}},
           {"type": "plugin", "name": "Say hello", "pluginName": "Shell", "commandName": "Shell",
            "properties": {"scriptBody": "echo hello from ${p:helloHome}"}},
           {"type": "finish", "name": "FINISH"}],
         "edges": [
           {"to": "Clean work space", "type": "ALWAYS", "value": ""},
           {"from": "Clean work space", "to": "Say hello", "type": "ALWAYS", "value": ""},
           {"from": "Say hello", "to": "FINISH", "type": "ALWAYS", "value": ""}]}}
      """;

  private static final String APPLICATION_PROCESS =
      """
      {"application": "hello Application", "name": "hello App Process",
       "inventoryManagementType": "AUTOMATIC", "offlineAgentHandling": "PRE_EXECUTION_CHECK",
       "rootActivity": {"type": "graph", "name": "GRAPH",
         "children": [
           {"type": "componentEnvironmentIterator", "name": "Deploy helloWorld",
            "componentName": "helloWorld", "failFast": "false", "maxIteration": "-1",
            "children": [{"type": "inventoryVersionDiff", "name": "inventoryVersionCheck",
              "componentName": "helloWorld", "status": "Active",
              "children": [{"type": "componentProcess", "name": "Deploy helloWorld",
                "componentName": "helloWorld", "componentProcessName": "helloProcess",
                "allowFailure": false, "properties": {}}]}]},
           {"type": "finish", "name": "FINISH"}],
         "edges": [
           {"to": "Deploy helloWorld", "type": "ALWAYS", "value": ""},
           {"from": "Deploy helloWorld", "to": "FINISH", "type": "ALWAYS", "value": ""}]}}
      """;

  @Test
  void anApplicationIsSetUpWithUcdsCallsAndBecomesConfiguration() {
    JsonNode component =
        ok(
            put(
                admin,
                "/cli/component/create",
                "{\"name\": \"helloWorld\", \"description\": \"\", \"importAutomatically\": false,"
                    + " \"useVfs\": true, \"sourceConfigPlugin\": \"File System (Versioned)\","
                    + " \"defaultVersionType\": \"FULL\", \"properties\":"
                    + " {\"FileSystemVersionedComponentProperties/basePath\": \"/home/a\"}}"));
    assertThat(component.get("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(component.get("name").asText()).isEqualTo("helloWorld");
    ok(
        put(
            admin,
            "/cli/component/propValue?component=helloWorld&name=helloHome&value=c%3A%5Chw",
            null));
    JsonNode process = ok(put(admin, "/cli/componentProcess/create", COMPONENT_PROCESS));
    assertThat(process.get("name").asText()).isEqualTo("helloProcess");
    ok(
        put(
            admin,
            "/cli/application/create",
            "{\"name\": \"hello Application\", \"description\": \"\"}"));
    ok(
        put(
            admin,
            "/cli/application/addComponentToApp?component=helloWorld&application=hello%20Application",
            null));
    var env =
        put(
            admin,
            "/cli/environment/createEnvironment?application=hello%20Application&name=helloDeploy",
            null);
    assertThat(env.status()).as(env.body()).isEqualTo(200);
    assertThat(env.body()).matches("[0-9a-f-]{36}");
    ok(put(admin, "/cli/applicationProcess/create", APPLICATION_PROCESS));

    // What the calls made is configuration: the export holds it, mapped as an import maps it.
    String export = server.send("GET", "/api/v1/config/export", admin, null).body();
    assertThat(export)
        .contains("name: helloWorld")
        .contains("helloHome: c:\\hw")
        .contains("type: files.delete")
        .contains("type: component.install")
        .contains("name: helloDeploy")
        .doesNotContain("basePath");
    // The environment's id is the one getEnvironment answers.
    JsonNode info =
        ok(
            server.send(
                "GET",
                "/cli/environment/info?application=hello%20Application&environment=helloDeploy",
                admin,
                null));
    assertThat(info.get("id").asText()).isEqualTo(env.body());
    // Jenkins reads the version-property definitions and creates a missing one.
    String defs =
        "/property/propSheetDef/components%26"
            + component.get("id").asText()
            + "%26versionPropSheetDef.-1/propDefs";
    assertThat(ok(server.send("GET", defs, admin, null))).isEmpty();
    assertThat(
            server
                .send("POST", defs, admin, "{\"name\": \"buildUrl\", \"type\": \"TEXT\"}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void refusalsSayWhyAndChangeNothing() {
    ok(put(admin, "/cli/component/create", "{\"name\": \"dupe\"}"));
    var again = put(admin, "/cli/component/create", "{\"name\": \"dupe\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("Component 'dupe' already exists");
    var viewer = put(vera, "/cli/component/create", "{\"name\": \"veras\"}");
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(viewer.body()).contains("configure");
    var template =
        put(admin, "/cli/component/create", "{\"name\": \"t\", \"templateName\": \"Tomcat\"}");
    assertThat(template.status()).isEqualTo(400);
    assertThat(template.body()).contains("no component templates");
    var approvals =
        put(
            admin,
            "/cli/environment/createEnvironment?application=nope&name=x&requireApprovals=true",
            null);
    assertThat(approvals.status()).isEqualTo(400);

    // A refusal of the configuration rules says which rule, not only how many were broken.
    var badName = put(admin, "/cli/application/create", "{\"name\": \"a/b\"}");
    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.body()).contains("invalid name 'a/b'");

    String before = server.send("GET", "/api/v1/config/export", admin, null).body();
    var unmapped =
        put(
            admin,
            "/cli/componentProcess/create",
            "{\"component\": \"dupe\", \"name\": \"p\", \"rootActivity\": {\"type\": \"graph\","
                + " \"children\": [{\"type\": \"plugin\", \"name\": \"Stop\", \"pluginName\": \"WebSphere\","
                + " \"commandName\": \"Stop Server\"}], \"edges\": [{\"to\": \"Stop\", \"type\": \"ALWAYS\"}]}}");
    assertThat(unmapped.status()).isEqualTo(400);
    assertThat(unmapped.body())
        .contains(
            "createComponentProcess: $.rootActivity.children[0]: plugin step 'WebSphere' / 'Stop Server'");
    var noSuchProcess =
        put(
            admin,
            "/cli/applicationProcess/create",
            APPLICATION_PROCESS.replace("hello Application", "nope"));
    assertThat(noSuchProcess.status()).isEqualTo(404);
    assertThat(server.send("GET", "/api/v1/config/export", admin, null).body()).isEqualTo(before);
  }
}
