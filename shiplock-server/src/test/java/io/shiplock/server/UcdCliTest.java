package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.ucd.UcdIds;
import io.shiplock.server.api.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * UrbanCode Deploy's {@code udclient} against a real server, request by request as UCD-COMPAT.md
 * records the real client sending them: pre-emptive Basic auth (a password, or the user name
 * PasswordIsAuthToken with a JSON token), a Content-type on every request, no Accept header, no
 * body, form-encoded query values; answers as UCD gives them, errors as one plain-text line.
 */
class UcdCliTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Passed QA
      scope: version
      ---
      kind: Component
      name: JPetStore APP
      processes:
        - name: deploy
          steps:
            - {name: say, type: shell, with: {script: "echo hi"}}
      ---
      kind: Application
      name: JPetStore
      components: [JPetStore APP]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: JPetStore APP, process: deploy}}
      ---
      kind: Agent
      name: ucd-agent
      ---
      kind: Environment
      application: JPetStore
      name: DEV
      order: 1
      resources:
        - agent: ucd-agent
          children: [{component: JPetStore APP}]
      ---
      kind: Environment
      application: JPetStore
      name: PROD
      order: 2
      approval: {required: 1, approvers: [release]}
      resources:
        - agent: ucd-agent
          children: [{component: JPetStore APP}]
      ---
      kind: Environment
      application: JPetStore
      name: GATED
      order: 3
      gate: {allOf: [Passed QA]}
      resources:
        - agent: ucd-agent
          children: [{component: JPetStore APP}]
      ---
      kind: Role
      name: releaser
      permissions: [view, approve]
      ---
      kind: Team
      name: release
      members: [rita]
      roles: [{role: releaser}]
      """;

  private static TestServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String basic;

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    var applied =
        server.apply(server.adminToken(), List.of(new SourceFile("jpetstore.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    basic = basic("admin", TestServer.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private record Answer(int status, String contentType, String body) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(body);
    }
  }

  /** One command as udclient sends it (UCD-COMPAT.md §0). */
  private static Answer cli(String method, String pathAndQuery, String mediaType, String auth)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
            .header("User-Agent", "Apache-HttpClient/4.3.4 (java 1.5)")
            .header("Content-type", mediaType)
            .method(
                method,
                method.equals("POST") || method.equals("PUT")
                    ? BodyPublishers.ofByteArray(new byte[0])
                    : BodyPublishers.noBody());
    if (auth != null) b.header("Authorization", auth);
    var r = HTTP.send(b.build(), BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  /** The WADL, parsed as the real client parses it: by literal tag names, no namespaces. */
  @Test
  void theWadlFollowsTheClientsParseRules() throws Exception {
    Answer wadl = ucd("GET", "/cli/application.wadl");
    assertThat(wadl.status()).isEqualTo(200);
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    var doc =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(wadl.body().getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    Element resources = child(root, "resources");
    assertThat(resources).as("a child 'resources'").isNotNull();
    Set<String> ids = new HashSet<>();
    List<String> problems = new ArrayList<>();
    walk(resources, "", ids, problems);
    assertThat(problems).isEmpty();
    assertThat(ids)
        .contains(
            "login",
            "logout",
            "addVersionFiles",
            "downloadVersionArtifacts",
            "createVersion",
            "addVersionStatus",
            "getVersionId",
            "getComponentVersions",
            "createAuthToken");
    // Every tag is unprefixed: a prefixed one makes every command of the real client fail.
    assertThat(wadl.body()).doesNotContainPattern("<[a-zA-Z]+:[a-zA-Z]");
  }

  private static Element child(Element e, String tag) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
      if (n instanceof Element c && c.getTagName().equals(tag)) return c;
    return null;
  }

  private static void walk(Element resource, String path, Set<String> ids, List<String> problems)
      throws Exception {
    for (Node n = resource.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e)) continue;
      if (e.getTagName().equals("resource")) {
        String p = e.getAttribute("path");
        if (path.isEmpty() && !p.startsWith("/")) problems.add("top path without '/': " + p);
        walk(e, path + p, ids, problems);
      } else if (e.getTagName().equals("method")) {
        String id = e.getAttribute("id");
        if (!ids.add(id)) problems.add("duplicate id " + id);
        if (!Set.of("GET", "POST", "PUT", "DELETE").contains(e.getAttribute("name")))
          problems.add(id + ": method " + e.getAttribute("name"));
        Element doc = child(e, "doc");
        Element template = doc == null ? null : child(doc, "template");
        if (template != null && !Json.MAPPER.readTree(template.getTextContent()).isObject())
          problems.add(id + ": template is not a JSON object");
        Element response = child(e, "response");
        if (response != null && child(response, "representation") == null)
          problems.add(id + ": response without representation");
        Element request = child(e, "request");
        if (request != null)
          for (Node q = request.getFirstChild(); q != null; q = q.getNextSibling())
            if (q instanceof Element param
                && param.getTagName().equals("param")
                && !param.getAttribute("style").equals("query"))
              problems.add(id + ": param " + param.getAttribute("name") + " is not a query param");
      }
    }
  }

  @Test
  void aBuildCreatesAVersionFindsItAndAddsAStatus() throws Exception {
    // The exact query the real client sent for -component "JPetStore APP" -name "1.2 beta".
    Answer made =
        ucd(
            "POST",
            "/cli/version/createVersion?component=JPetStore+APP&name=1.2+beta&description=a%2Bb%26c%3Dd%2F%C3%A9");
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    JsonNode v = made.json();
    String id = v.get("id").asText();
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(v.get("name").asText()).isEqualTo("1.2 beta");
    assertThat(v.get("type").asText()).isEqualTo("FULL");
    assertThat(v.get("active").asBoolean()).isTrue();
    assertThat(v.get("created").isNumber()).isTrue();

    Answer versionId =
        cli(
            "GET",
            "/cli/version/getVersionId?component=JPetStore+APP&version=1.2+beta",
            "text/plain",
            basic);
    assertThat(versionId.status()).isEqualTo(200);
    assertThat(versionId.contentType()).startsWith("text/plain");
    assertThat(versionId.body()).isEqualTo(id);

    // By id, without the component, as UCD allows; 204 is what udclient prints as success.
    Answer status = ucd("PUT", "/cli/version/addStatus?version=" + id + "&status=Passed+QA");
    assertThat(status.status()).as(status.body()).isEqualTo(204);
    JsonNode shiplock =
        server
            .send(
                "GET",
                "/api/v1/components/JPetStore%20APP/versions/1.2%20beta",
                server.adminToken(),
                null)
            .json();
    assertThat(shiplock.get("statuses").toString()).contains("Passed QA");
    assertThat(shiplock.get("description").asText()).isEqualTo("a+b&c=d/é");

    Answer list =
        ucd("GET", "/cli/component/versions?component=JPetStore+APP&inactive=true&numResults=5");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get(0).get("id").asText()).isEqualTo(id);
    assertThat(list.json().get(0).get("name").asText()).isEqualTo("1.2 beta");
    // uDeployRestClient's form: a slash before the query.
    Answer again = ucd("POST", "/cli/version/createVersion/?name=1.3&component=JPetStore%20APP");
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    Answer latest =
        cli(
            "GET",
            "/cli/version/getVersionId?component=JPetStore+APP&version=latest",
            "text/plain",
            basic);
    assertThat(latest.body()).isEqualTo(again.json().get("id").asText());
  }

  @Test
  void errorsArePlainTextLinesWithUcdsCodes() throws Exception {
    Answer missing = ucd("POST", "/cli/version/createVersion?component=Nope&name=1");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("text/plain");
    assertThat(missing.body()).isEqualTo("Component 'Nope' not found");
    Answer noName = ucd("POST", "/cli/version/createVersion?component=JPetStore+APP");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.body()).isEqualTo("Missing required parameter 'name'");
    Answer reserved = ucd("POST", "/cli/version/createVersion?component=JPetStore+APP&name=latest");
    assertThat(reserved.status()).isEqualTo(400);
    assertThat(reserved.body()).contains("reserved");
    Answer badPassword =
        cli(
            "GET",
            "/cli/component/versions?component=JPetStore+APP",
            "application/json",
            basic("admin", "wrong"));
    assertThat(badPassword.status()).isEqualTo(401);
    assertThat(badPassword.contentType()).startsWith("text/plain");
    Answer noVersion =
        cli(
            "GET",
            "/cli/version/getVersionId?component=JPetStore+APP&version=9.9",
            "text/plain",
            basic);
    assertThat(noVersion.status()).isEqualTo(404);
    assertThat(noVersion.body()).isEqualTo("Version '9.9' of component 'JPetStore APP' not found");
  }

  /** login answers the token as plain text; the client then sends it folded into Basic. */
  @Test
  void loginTokenAndLogout() throws Exception {
    Answer login = cli("PUT", "/cli/teamsecurity/login", "text/plain", basic);
    assertThat(login.status()).isEqualTo(200);
    String token = login.body();
    assertThat(token).doesNotContain("{").doesNotContain("\n");
    String asToken =
        basic(
            "PasswordIsAuthToken",
            "{\"token\":\"" + token + "\",\"sysUser\":\"root\",\"host\":\"h\"}");
    assertThat(
            cli(
                    "GET",
                    "/cli/component/versions?component=JPetStore+APP",
                    "application/json",
                    asToken)
                .status())
        .isEqualTo(200);
    Answer created =
        cli(
            "PUT",
            "/cli/teamsecurity/tokens?user=admin&expireDate=12-31-2030-12%3A00",
            "application/json",
            asToken);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String other = created.json().get("token").asText();
    assertThat(
            cli(
                    "GET",
                    "/cli/component/versions?component=JPetStore+APP",
                    "application/json",
                    basic("PasswordIsAuthToken", "{\"token\":\"" + other + "\"}"))
                .status())
        .isEqualTo(200);
    assertThat(cli("PUT", "/cli/teamsecurity/logout", "application/json", asToken).status())
        .isEqualTo(204);
    assertThat(
            cli(
                    "GET",
                    "/cli/component/versions?component=JPetStore+APP",
                    "application/json",
                    asToken)
                .status())
        .isEqualTo(401);
  }

  private static Answer send(String method, String path, String body) throws Exception {
    var r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-type", "application/json")
                .header("Authorization", basic)
                .method(method, BodyPublishers.ofString(body))
                .build(),
            BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  private static String request(String environment) throws Exception {
    Answer a =
        send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\", \"environment\": \""
                + environment
                + "\", \"onlyChanged\": \"false\", \"description\": \"from a build\","
                + " \"versions\": [{\"version\": \"latest\", \"component\": \"JPetStore APP\"}]}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String id = a.json().get("requestId").asText();
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    return id;
  }

  private static JsonNode status(String requestId) throws Exception {
    Answer a = ucd("GET", "/cli/applicationProcessRequest/requestStatus?request=" + requestId);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  private static JsonNode awaitResult(String requestId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> status(requestId), s -> !s.get("result").asText().equals("NONE"));
  }

  /**
   * A build requests the application process and polls it as the CI plugins do: result NONE while
   * it runs, then UCD's result; an approval waits as AWAITING APPROVAL, a rejection ends it.
   */
  @Test
  void aRequestIsPolledThroughApprovalSuccessAndFailure() throws Exception {
    String agent = agent();
    newVersion("2.0");

    String ok = request("DEV");
    JsonNode running = status(ok);
    assertThat(running.get("result").asText()).isEqualTo("NONE");
    assertThat(running.get("status").asText()).isIn("INITIALIZED", "EXECUTING");
    server.agentEnds(agent, "SUCCEEDED");
    JsonNode done = awaitResult(ok);
    assertThat(done.get("status").asText()).isEqualTo("CLOSED");
    assertThat(done.get("result").asText()).isEqualTo("SUCCEEDED");

    // A newer version: the same one again would be skipped as already there.
    newVersion("2.1");
    String bad = request("DEV");
    server.agentEnds(agent, "FAILED");
    assertThat(awaitResult(bad).get("result").asText()).isEqualTo("FAULTED");

    String gated = request("PROD");
    JsonNode waiting = status(gated);
    assertThat(waiting.get("status").asText()).isEqualTo("PENDING");
    assertThat(waiting.get("result").asText()).isEqualTo("AWAITING APPROVAL");
    long number = UcdIds.number(UcdIds.Numbered.REQUEST, gated).orElseThrow();
    // The requester may not decide on their own request: another releaser rejects it.
    String rita = server.newUser("rita", "rita-password-12");
    var rejected =
        server.send(
            "POST", "/api/v1/requests/" + number + "/reject", rita, "{\"comment\": \"not now\"}");
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    JsonNode after = status(gated);
    assertThat(after.get("status").asText()).isEqualTo("CLOSED");
    assertThat(after.get("result").asText()).isEqualTo("APPROVAL REJECTED");

    // Bad input: named, plain text, nothing requested.
    Answer noEnv =
        send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\", \"environment\": \"QA\"}");
    assertThat(noEnv.status()).isEqualTo(404);
    assertThat(noEnv.body()).isEqualTo("Environment 'QA' not found in application 'JPetStore'");
    Answer empty = send("PUT", "/cli/applicationProcessRequest/request", "");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("needs a JSON body");
    Answer noComponent =
        send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\", \"environment\": \"DEV\","
                + " \"versions\": [{\"version\": \"2.0\"}]}");
    assertThat(noComponent.status()).isEqualTo(400);
    assertThat(noComponent.body()).isEqualTo("Missing required field 'versions[0].component'");
    assertThat(ucd("GET", "/cli/applicationProcessRequest/requestStatus?request=nope").status())
        .isEqualTo(404);

    // UCD's 'date' schedules the request (epoch ms here); the CI plugins keep polling on this.
    long tomorrow = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
    Answer later =
        send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\", \"environment\": \"DEV\","
                + " \"versions\": [{\"version\": \"latest\", \"component\": \"JPetStore APP\"}], \"date\": \""
                + tomorrow
                + "\"}");
    assertThat(later.status()).as(later.body()).isEqualTo(200);
    JsonNode scheduled = status(later.json().get("requestId").asText());
    assertThat(scheduled.get("status").asText()).isEqualTo("PENDING");
    assertThat(scheduled.get("result").asText()).isEqualTo("SCHEDULED FOR FUTURE");
    Answer recurring =
        send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\", \"environment\": \"DEV\","
                + " \"date\": \"2030-01-01 22:00\", \"recurrencePattern\": \"D\"}");
    assertThat(recurring.status()).isEqualTo(501);
    assertThat(recurring.body()).contains("kind: Schedule");
  }

  private static final String BOUNDARY = "7y6jmU-gPpzdRD8F2d1PHGL5Yjqvpvb12Kxzlw";
  private static final String HELLO_HASH =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  private static String textPart(String name, String value) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + value
        + "\r\n";
  }

  private static String contentPart(String hash, String fileName, String content) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\"entryContent-"
        + hash
        + "\"; filename=\""
        + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
        + content
        + "\r\n";
  }

  private static Answer upload(String body) throws Exception {
    var r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(server.url() + "/cli-internal/version/addVersionFilesFull"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Authorization", basic)
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }

  /**
   * addVersionFiles as the real client sent it (UCD-COMPAT.md §3.3, the captured request with a
   * directory and an executable added); the client retries the whole upload, so a repeat is a 2xx
   * that changes nothing, and content that does not match its hash is refused.
   */
  @Test
  void addVersionFilesStoresEachContentOnceAndARetryChangesNothing() throws Exception {
    String id = newVersion("3.0");
    String body =
        textPart("version", id)
            + textPart(
                "entryMetadata",
                "{\"path\":\"readme.txt\",\"contentHash\":\"SHA-256{"
                    + HELLO_HASH
                    + "}\",\"version\":1,\"type\":\"REGULAR\",\"length\":6,\"modified\":1704164645000}")
            + contentPart(HELLO_HASH, "readme.txt", "hello\n")
            + textPart(
                "entryMetadata",
                "{\"path\":\"conf\\/empty\",\"version\":1,\"type\":\"DIRECTORY\",\"length\":0,\"modified\":1796063427732}")
            + textPart(
                "entryMetadata",
                "{\"path\":\"bin\\/run.sh\",\"contentHash\":\"SHA-256{"
                    + HELLO_HASH
                    + "}\",\"version\":1,\"type\":\"REGULAR\",\"length\":6,\"modified\":1704164645000,\"unixPermissions\":\"0755::\"}")
            + "--"
            + BOUNDARY
            + "--\r\n";
    Answer first = upload(body);
    assertThat(first.status()).as(first.body()).isBetween(200, 299);
    Answer retry = upload(body);
    assertThat(retry.status()).as(retry.body()).isBetween(200, 299);
    JsonNode files =
        server
            .send(
                "GET",
                "/api/v1/components/JPetStore%20APP/versions/3.0/files",
                server.adminToken(),
                null)
            .json();
    assertThat(files).hasSize(2);
    assertThat(files.get(0).get("path").asText()).isEqualTo("bin/run.sh");
    assertThat(files.get(0).get("executable").asBoolean()).isTrue();
    assertThat(files.get(1).get("path").asText()).isEqualTo("readme.txt");
    assertThat(files.get(1).get("digest").asText()).isEqualTo("sha256:" + HELLO_HASH);
    assertThat(files.get(1).get("size").asLong()).isEqualTo(6);
    assertThat(files.get(1).get("executable").asBoolean()).isFalse();

    // downloadVersionArtifacts: the fixed address, no Content-type, the body saved as it comes.
    var zip =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.url()
                            + "/cli/version/downloadArtifacts?version=3.0&component=JPetStore+APP"
                            + "&location=%2Ftmp%2Fdl"))
                .header("Authorization", basic)
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    Map<String, String> entries = new TreeMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry())
        entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(entries)
        .containsExactly(entry("bin/run.sh", "hello\n"), entry("readme.txt", "hello\n"));
    Answer one =
        ucd(
            "GET",
            "/cli/version/downloadArtifacts?version="
                + id
                + "&location=%2Ftmp&singleFilePath=readme.txt");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body()).isEqualTo("hello\n");

    Answer forged = upload(body.replace("hello\n", "HELLO\n"));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.contentType()).startsWith("text/plain");
    assertThat(forged.body()).contains("does not have that SHA-256");
    Answer noVersion = upload(body.replace(textPart("version", id), ""));
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.body()).isEqualTo("Missing required part 'version'");
  }

  /** Lookups by name answer an id that finds the same object again (UCD-COMPAT.md §3.8). */
  @Test
  void objectsAreFoundByNameOrById() throws Exception {
    JsonNode app = ucd("GET", "/cli/application/info?application=JPetStore").json();
    assertThat(app.get("name").asText()).isEqualTo("JPetStore");
    String appId = app.get("id").asText();
    assertThat(ucd("GET", "/cli/application/info?application=" + appId).json().get("name").asText())
        .isEqualTo("JPetStore");
    JsonNode component = ucd("GET", "/cli/component/info?component=JPetStore+APP").json();
    assertThat(component.at("/versionPropSheetDef/id").asText()).isNotEmpty();
    assertThat(
            cli(
                    "GET",
                    "/cli/component/info?component=" + component.get("id").asText(),
                    "application/json",
                    basic)
                .json()
                .get("name")
                .asText())
        .isEqualTo("JPetStore APP");
    JsonNode env = ucd("GET", "/cli/environment/info?environment=DEV&application=JPetStore").json();
    JsonNode byId =
        cli(
                "GET",
                "/cli/environment/info?environment=" + env.get("id").asText(),
                "application/json",
                basic)
            .json();
    assertThat(byId.get("name").asText()).isEqualTo("DEV");
    assertThat(byId.at("/application/id").asText()).isEqualTo(appId);
    Answer none = ucd("GET", "/cli/component/info?component=Nope");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.body()).isEqualTo("Component 'Nope' not found");
    Answer unfilled =
        ucd(
            "GET",
            "/cli/applicationProcess/unfilledProperties?application=JPetStore&processName=deploy");
    assertThat(unfilled.status()).isEqualTo(200);
    assertThat(unfilled.json().isArray()).isTrue();
    assertThat(unfilled.json()).isEmpty();
  }

  /** Version properties both ways the client sends them; a secure value never comes back. */
  @Test
  void versionPropertiesAreSetAndASecureOneStaysHidden() throws Exception {
    newVersion("4.0");
    Answer byQuery =
        cli(
            "PUT",
            "/cli/version/versionProperties?component=JPetStore+APP&version=4.0&name=build.url"
                + "&value=http%3A%2F%2Fci%2F42&isSecure=false",
            "application/json",
            basic);
    assertThat(byQuery.status()).as(byQuery.body()).isEqualTo(200);
    assertThat(byQuery.json().get("value").asText()).isEqualTo("http://ci/42");
    Answer byBody =
        send(
            "PUT",
            "/cli/version/versionProperties",
            "{\"component\": \"JPetStore APP\", \"version\": \"4.0\", \"name\": \"signing.key\","
                + " \"value\": \"s3cr3t-v4lue\", \"isSecure\": true}");
    assertThat(byBody.status()).as(byBody.body()).isEqualTo(200);
    assertThat(byBody.body()).doesNotContain("s3cr3t-v4lue");
    Answer list = ucd("GET", "/cli/version/versionProperties?component=JPetStore+APP&version=4.0");
    assertThat(list.body()).contains("http://ci/42").doesNotContain("s3cr3t-v4lue");
    assertThat(list.json()).hasSize(2);
    String shiplock =
        server
            .send(
                "GET", "/api/v1/components/JPetStore%20APP/versions/4.0", server.adminToken(), null)
            .body();
    assertThat(shiplock).contains("build.url").doesNotContain("s3cr3t-v4lue");
    Answer notBool =
        send(
            "PUT",
            "/cli/version/versionProperties",
            "{\"component\": \"JPetStore APP\", \"version\": \"4.0\", \"name\": \"x\","
                + " \"isSecure\": \"maybe\"}");
    assertThat(notBool.status()).isEqualTo(400);
    assertThat(notBool.body()).isEqualTo("Field 'isSecure' must be true or false, not 'maybe'");
  }

  /** The reads uDeployRestClient makes besides udclient's commands (UCD-COMPAT.md §4). */
  @Test
  void theCiPluginsReadsAnswerAsUcds() throws Exception {
    String id = newVersion("5.0");
    String componentId =
        ucd("GET", "/cli/component/info?component=JPetStore+APP").json().get("id").asText();
    Answer all = ucd("GET", "/rest/deploy/component/JPetStore%20APP/versions/false");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().get(0).get("name").asText()).isEqualTo("5.0");
    Answer latest = ucd("GET", "/rest/deploy/component/" + componentId + "/latestVersion");
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.json().get("id").asText()).isEqualTo(id);
    Answer components =
        ucd("GET", "/cli/application/componentsInApplication?application=JPetStore");
    assertThat(components.json()).hasSize(1);
    assertThat(components.json().get(0).get("name").asText()).isEqualTo("JPetStore APP");
    Answer process =
        ucd("GET", "/cli/applicationProcess/info?application=JPetStore&applicationProcess=deploy");
    assertThat(process.status()).isEqualTo(200);
    assertThat(process.json().get("name").asText()).isEqualTo("deploy");
    assertThat(
            ucd("GET", "/cli/applicationProcess/info?application=JPetStore&applicationProcess=nope")
                .status())
        .isEqualTo(204);
    Answer missing = ucd("GET", "/rest/deploy/component/Nope/latestVersion");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("Component 'Nope' not found");
  }

  /** An agent token after the agent's hello (always the same instance: no restart between). */
  private static String agent() {
    String agent = server.agentToken(server.adminToken(), "ucd-agent");
    server.hello(agent);
    return agent;
  }

  /**
   * Snapshots, through Shiplock's API and udclient's commands: made from versions or from what an
   * environment runs, deployed by name or id, and every version in one checked by the gate.
   */
  @Test
  void snapshotsAreMadeDeployedAndGated() throws Exception {
    String agent = agent();
    String admin = server.adminToken();
    newVersion("6.0");
    Answer made =
        send(
            "PUT",
            "/cli/snapshot/createSnapshot",
            "{\"name\": \"snap-1\", \"application\": \"JPetStore\", \"description\": \"d\","
                + " \"versions\": [{\"JPetStore APP\": \"6.0\"}]}");
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    String snapId = made.json().get("id").asText();
    assertThat(UcdIds.number(UcdIds.Numbered.SNAPSHOT, snapId)).isPresent();
    assertThat(made.json().get("locked").asBoolean()).isTrue();
    Answer again =
        send(
            "PUT",
            "/cli/snapshot/createSnapshot",
            "{\"name\": \"snap-1\", \"application\": \"JPetStore\","
                + " \"versions\": [{\"JPetStore APP\": \"6.0\"}]}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("already has a snapshot named 'snap-1'");

    // The gate checks the snapshot's version, and its refusal names the version and the status.
    String gatedBody =
        "{\"application\": \"JPetStore\", \"applicationProcess\": \"deploy\","
            + " \"environment\": \"GATED\", \"snapshot\": \"snap-1\"}";
    Answer refused = send("PUT", "/cli/applicationProcessRequest/request", gatedBody);
    assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
    assertThat(refused.body()).contains("6.0").contains("Passed QA");
    assertThat(
            ucd(
                    "PUT",
                    "/cli/version/addStatus?component=JPetStore+APP&version=6.0&status=Passed+QA")
                .status())
        .isEqualTo(204);
    Answer admitted =
        send("PUT", "/cli/applicationProcessRequest/request", gatedBody.replace("snap-1", snapId));
    assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
    String requestId = admitted.json().get("requestId").asText();
    long number = UcdIds.number(UcdIds.Numbered.REQUEST, requestId).orElseThrow();
    assertThat(server.send("GET", "/api/v1/requests/" + number, admin, null).body())
        .contains("\"JPetStore APP\" : \"6.0\"");
    server.agentEnds(agent, "SUCCEEDED");
    assertThat(awaitResult(requestId).get("result").asText()).isEqualTo("SUCCEEDED");

    // From what the environment runs now, and through Shiplock's own API.
    Answer ofEnv =
        cli(
            "PUT",
            "/cli/snapshot/createSnapshotOfEnvironment?environment=GATED&name=as-gated"
                + "&application=JPetStore",
            "application/json",
            basic);
    assertThat(ofEnv.status()).as(ofEnv.body()).isEqualTo(200);
    JsonNode shown =
        server.send("GET", "/api/v1/applications/JPetStore/snapshots/as-gated", admin, null).json();
    assertThat(shown.get("versions").get(0).get("version").asText()).isEqualTo("6.0");
    var viaApi =
        server.send(
            "POST",
            "/api/v1/applications/JPetStore/snapshots",
            admin,
            "{\"name\": \"api-snap\", \"versions\": {\"JPetStore APP\": \"6.0\"}}");
    assertThat(viaApi.status()).as(viaApi.body()).isEqualTo(201);
    assertThat(server.send("GET", "/api/v1/applications/JPetStore/snapshots", admin, null).body())
        .contains("api-snap")
        .contains("as-gated")
        .contains("snap-1");
    var requested =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"JPetStore\", \"environment\": \"GATED\", \"process\": \"deploy\","
                + " \"snapshot\": \"api-snap\"}");
    assertThat(requested.status()).as(requested.body()).isEqualTo(201);
    // 6.0 runs on GATED already: the install is skipped and no work reaches the agent.
    assertThat(requested.json().get("versions").get("JPetStore APP").asText()).isEqualTo("6.0");
    var bad =
        server.send(
            "POST",
            "/api/v1/applications/JPetStore/snapshots",
            admin,
            "{\"name\": \"bad\", \"versions\": {\"JPetStore APP\": \"9.9\"}}");
    assertThat(bad.status()).isEqualTo(404);
    assertThat(bad.json().get("message").asText())
        .isEqualTo("component 'JPetStore APP' has no version '9.9'");
  }

  /** udclient createVersion of JPetStore APP; answers the new version's id. */
  private static String newVersion(String name) throws Exception {
    Answer a = ucd("POST", "/cli/version/createVersion?component=JPetStore+APP&name=" + name);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().get("id").asText();
  }

  /** A udclient command answering JSON, with the admin's password. */
  private static Answer ucd(String method, String pathAndQuery) throws Exception {
    return cli(method, pathAndQuery, "application/json", basic);
  }
}
