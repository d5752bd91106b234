package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a build script written for UrbanCode Deploy's udclient does, end to end against Shiplock
 * with a real agent: create a version, upload its files, add a status, request the application
 * process, poll until it ends. Every call is the one the real client sends (UCD-COMPAT.md): only
 * {@code -weburl} and the credentials differ from a UCD run. The agent places the uploaded file and
 * the step prints it, so the upload reached the machine that deploys.
 */
class UcdBuildScriptEndToEndTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: builder
      ---
      kind: Status
      name: Built
      scope: version
      ---
      kind: Component
      name: JPetStore-APP
      processes:
        - name: deploy
          steps:
            - {name: show, type: shell, with: {script: "cat versions/JPetStore-APP/conf/app.properties"}}
      ---
      kind: Application
      name: JPetStore
      components: [JPetStore-APP]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: JPetStore-APP, process: deploy}}
      ---
      kind: Environment
      application: JPetStore
      name: DEV
      gate: {allOf: [Built]}
      resources:
        - agent: builder
          children: [{component: JPetStore-APP}]
      """;

  private static final String BOUNDARY = "Bnd-0123456789abcdefghijklmnopqrstuv";
  private final HttpClient http = HttpClient.newHttpClient();
  private InProcessPipeline pipeline;
  private String basic;

  @BeforeEach
  void start(@TempDir Path work) {
    pipeline = new InProcessPipeline("sqlite", work, CONFIG, "builder");
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

  private String call(String method, String path, String contentType, String body, int expected)
      throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(pipeline.server.url() + path))
                .header("Authorization", basic)
                .header("User-Agent", "Apache-HttpClient/4.3.4 (java 1.5)")
                .header("Content-type", contentType)
                .method(method, BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
    return r.body();
  }

  private static String part(String headers, String content) {
    return "--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n" + content + "\r\n";
  }

  private static String text(String name, String value) {
    return part(
        "Content-Disposition: form-data; name=\""
            + name
            + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit",
        value);
  }

  @Test
  void aUdclientBuildScriptRunsUnchanged() throws Exception {
    // udclient createVersion -component JPetStore-APP -name 1.0
    String created =
        call(
            "POST",
            "/cli/version/createVersion?component=JPetStore-APP&name=1.0",
            "application/json",
            "",
            200);
    String versionId = Json.MAPPER.readTree(created).get("id").asText();

    // udclient addVersionFiles -component JPetStore-APP -version 1.0 -base build/
    String content = "db.url=jdbc:h2:mem:petstore\n";
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
    String upload =
        text("component", "JPetStore-APP")
            + text("version", "1.0")
            + text(
                "entryMetadata",
                "{\"path\":\"conf\",\"version\":1,\"type\":\"DIRECTORY\",\"length\":0,"
                    + "\"modified\":1704164645000}")
            + text(
                "entryMetadata",
                "{\"path\":\"conf\\/app.properties\",\"contentHash\":\"SHA-256{"
                    + hash
                    + "}\",\"version\":1,\"type\":\"REGULAR\",\"length\":"
                    + content.length()
                    + ",\"modified\":1704164645000}")
            + part(
                "Content-Disposition: form-data; name=\"entryContent-"
                    + hash
                    + "\"; filename=\"app.properties\"\r\nContent-Type: application/octet-stream"
                    + "\r\nContent-Transfer-Encoding: binary",
                content)
            + "--"
            + BOUNDARY
            + "--\r\n";
    call(
        "POST",
        "/cli-internal/version/addVersionFilesFull",
        "multipart/form-data; boundary=" + BOUNDARY,
        upload,
        204);

    // udclient addVersionStatus -component JPetStore-APP -version 1.0 -status Built
    call(
        "PUT",
        "/cli/version/addStatus?component=JPetStore-APP&version=" + versionId + "&status=Built",
        "application/json",
        "",
        204);

    // udclient requestApplicationProcess request.json
    String requested =
        call(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "application/json",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\","
                + " \"environment\": \"DEV\", \"onlyChanged\": \"false\","
                + " \"versions\": [{\"version\": \"1.0\", \"component\": \"JPetStore-APP\"}]}",
            200);
    String requestId = Json.MAPPER.readTree(requested).get("requestId").asText();

    // The build polls getApplicationProcessRequestStatus until the result is not NONE.
    JsonNode status =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    Json.MAPPER.readTree(
                        call(
                            "GET",
                            "/cli/applicationProcessRequest/requestStatus?request=" + requestId,
                            "application/json",
                            "",
                            200)),
                s -> !s.get("result").asText().equals("NONE"));
    assertThat(status).isNotNull();
    assertThat(status.get("status").asText()).isEqualTo("CLOSED");
    assertThat(status.get("result").asText()).isEqualTo("SUCCEEDED");

    // The agent placed the uploaded file and the step printed it.
    long number = UcdIds.number(UcdIds.Numbered.REQUEST, requestId).orElseThrow();
    JsonNode request = pipeline.get("/api/v1/requests/" + number);
    long show = -1;
    for (JsonNode s : request.get("steps"))
      if (s.get("name").asText().equals("show")) show = s.get("id").asLong();
    assertThat(pipeline.get("/api/v1/steps/" + show + "/log").get("data").asText())
        .contains("db.url=jdbc:h2:mem:petstore");
    // The inventory says where 1.0 runs now, as UCD's would.
    assertThat(pipeline.get("/api/v1/applications/JPetStore/inventory").toString())
        .contains("\"version\":\"1.0\"");
  }
}
