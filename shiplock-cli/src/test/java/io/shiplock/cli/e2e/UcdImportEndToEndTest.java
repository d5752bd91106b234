package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UCD application export with two components, imported through UCD's own import call and deployed
 * by a real agent: its multi-step graph with a failure edge, a precondition, a post-processing
 * script reading the step's output and a join run as UCD runs them. Importing it again changes
 * nothing; a broken export is refused with its JSON path and applies nothing.
 */
class UcdImportEndToEndTest {
  private static final Path EXPORTS = Path.of("../shiplock-core/src/test/resources/ucd");
  private static final String CONFIG =
      """
      kind: Agent
      name: petstore-dev-agent
      ---
      kind: Role
      name: release-managers
      permissions: [view, approve]
      """;
  private static final String BOUNDARY = "Imp-0123456789abcdefghijklmnopqrstuv";
  private final HttpClient http = HttpClient.newHttpClient();
  private InProcessPipeline pipeline;
  private String basic;

  @BeforeEach
  void start(@TempDir Path work) {
    pipeline = new InProcessPipeline("sqlite", work, CONFIG, "petstore-dev-agent");
    basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("admin:" + TestServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(pipeline.server.url() + path))
            .header("Authorization", basic)
            .header("Content-type", contentType)
            .method(method, BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        BodyHandlers.ofString());
  }

  /** The export as UCD's import form sends it: one multipart part named {@code file}. */
  private HttpResponse<String> importExport(String fileName, String json) throws Exception {
    return importExport(fileName, json.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> importExport(String fileName, byte[] export) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/json\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(export);
    body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(
                URI.create(pipeline.server.url() + "/rest/deploy/application/import"))
            .header("Authorization", basic)
            .header("Content-type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void anExportWithSeveralComponentsImportsAndDeploys() throws Exception {
    String export = Files.readString(EXPORTS.resolve("valid/jpetstore.json"));
    HttpResponse<String> imported = importExport("jpetstore.json", export);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    JsonNode answer = Json.MAPPER.readTree(imported.body());
    assertThat(answer.get("applied").asBoolean()).isTrue();
    assertThat(answer.get("changes").toString())
        .contains("Component JPetStore-APP")
        .contains("Environment JPetStore/PROD");
    // The agent and the approvers' role existed already: the import leaves them as they are.
    assertThat(answer.get("changes").toString()).doesNotContain("Agent");
    assertThat(answer.get("notes").toString()).contains("/petstore/qa");

    for (String component : new String[] {"JPetStore-APP", "JPetStore-WEB"}) {
      assertThat(
              send(
                      "POST",
                      "/cli/version/createVersion?component=" + component + "&name=1.0",
                      "application/json",
                      "")
                  .statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> requested =
        send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "application/json",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"Deploy JPetStore\","
                + " \"environment\": \"DEV\", \"versions\": [{\"component\": \"JPetStore-APP\","
                + " \"version\": \"1.0\"}, {\"component\": \"JPetStore-WEB\", \"version\": \"1.0\"}]}");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);
    String requestId = Json.MAPPER.readTree(requested.body()).get("requestId").asText();
    JsonNode status =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    Json.MAPPER.readTree(
                        send(
                                "GET",
                                "/cli/applicationProcessRequest/requestStatus?request=" + requestId,
                                "application/json",
                                "")
                            .body()),
                s -> !s.get("result").asText().equals("NONE"));
    long number = UcdIds.number(UcdIds.Numbered.REQUEST, requestId).orElseThrow();
    JsonNode request = pipeline.get("/api/v1/requests/" + number);
    assertThat(status.get("result").asText()).as(request.toString()).isEqualTo("SUCCEEDED");

    Map<String, JsonNode> steps = new HashMap<>();
    for (JsonNode s : request.get("steps")) steps.put(s.get("name").asText(), s);
    // The post-processing script registered a scanner, read the step's output and set imageId.
    assertThat(steps.get("Install").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(steps.get("Install").get("outputs").get("imageId").asText())
        .isEqualTo("sha256:0123456789ab");
    // "${p:environment.name}" != "DEV": skipped here; the failure branch never ran.
    assertThat(steps.get("Smoke check").get("state").asText()).isEqualTo("SKIPPED");
    assertThat(steps.get("Clean up").get("state").asText()).isEqualTo("NOT_RUN");
    assertThat(steps.get("Both done").get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.get("/api/v1/applications/JPetStore/inventory").toString())
        .contains("JPetStore-APP")
        .contains("JPetStore-WEB");

    // A second import of the same export changes nothing.
    HttpResponse<String> again = importExport("jpetstore.json", export);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode second = Json.MAPPER.readTree(again.body());
    assertThat(second.get("applied").asBoolean()).isFalse();
    assertThat(second.get("changes")).isEmpty();
    assertThat(second.get("revision").asLong()).isEqualTo(answer.get("revision").asLong());
  }

  @Test
  void aBrokenExportIsRefusedWithItsJsonPathsAndAppliesNothing() throws Exception {
    HttpResponse<String> refused =
        importExport(
            "broken-graph.json", Files.readString(EXPORTS.resolve("invalid/broken-graph.json")));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(refused.body())
        .contains(
            "broken-graph.json: $.components[0].processes[0].rootActivity.edges[1]:"
                + " no step named 'Nowhere' in this process")
        .contains("$.environments[1].name: two environments are named 'PROD'");
    // The valid parts of the same export were not applied either.
    assertThat(
            pipeline
                .server
                .send("GET", "/api/v1/applications/Graphs", pipeline.token, null)
                .status())
        .isEqualTo(404);

    HttpResponse<String> unmapped =
        importExport(
            "unmapped-plugin-steps.json",
            Files.readString(EXPORTS.resolve("invalid/unmapped-plugin-steps.json")));
    assertThat(unmapped.statusCode()).isEqualTo(400);
    assertThat(unmapped.body())
        .contains(
            "$[0].components[0].processes[0].rootActivity.children[0]: plugin step"
                + " 'WebSphere Application Server - Deployment' / 'Stop Server' has no Shiplock step");
  }

  @Test
  void anExportTheServerRefusesOnlyOnceConvertedSaysWhyInThePlainAnswer() throws Exception {
    // Converts cleanly, but names a role the server lacks and has a cycle: UCD's clients show
    // only the plain text, so it must carry each problem, not only how many there are.
    String export =
        """
        {"name": "Looping", "components": [{"name": "Looper", "processes": [{"name": "Deploy",
          "rootActivity": {"type": "graph", "children": [
            {"type": "plugin", "name": "A", "pluginName": "Shell", "commandName": "Shell",
             "properties": {"scriptBody": "echo a"}},
            {"type": "plugin", "name": "B", "pluginName": "Shell", "commandName": "Shell",
             "properties": {"scriptBody": "echo b"}},
            {"type": "plugin", "name": "C", "pluginName": "Shell", "commandName": "Shell",
             "properties": {"scriptBody": "echo c"}}],
           "edges": [{"to": "A"}, {"from": "A", "to": "B"}, {"from": "B", "to": "C"},
                     {"from": "C", "to": "B"}]}}]}],
         "environments": [{"name": "DEV", "requireApprovals": true, "approvers": ["nobody-has"]}]}
        """;
    HttpResponse<String> refused = importExport("looping.json", export);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(refused.body())
        .contains("nothing was changed")
        .contains("no team or role named 'nobody-has'")
        .contains("cycle in the step graph of process 'Deploy'");
    assertThat(
            pipeline
                .server
                .send("GET", "/api/v1/applications/Looping", pipeline.token, null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void anExportThatIsNotUtf8IsRefusedNotAlteredSilently() throws Exception {
    // ISO-8859-1 'é': decoded as UTF-8 it became U+FFFD in the stored value.
    byte[] latin1 =
        "{\"name\": \"Latin\", \"propSheet\": {\"properties\": [{\"name\": \"greeting\", \"value\": \"caf\u00e9\"}]}}"
            .getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> refused = importExport("latin1.json", latin1);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("latin1.json: $: not UTF-8 text");
    assertThat(
            pipeline.server.send("GET", "/api/v1/components/Latin", pipeline.token, null).status())
        .isEqualTo(404);
  }
}
