package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshot statuses over real HTTP: set through Shiplock's API and udclient's commands, asked for
 * by an environment's gate (a request naming versions, or a snapshot without the status, is refused
 * saying why), and the snapshot an environment runs on its API and pipeline page. Also the CI
 * plugin's version link and version deletion.
 */
class SnapshotGatesTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Approved
      scope: snapshot
      ---
      kind: Status
      name: Signed
      scope: snapshot
      role: signer
      ---
      kind: Status
      name: Passed QA
      scope: version
      ---
      kind: Component
      name: Svc
      processes:
        - name: deploy
          steps:
            - {name: say, type: shell, with: {script: "echo hi"}}
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - name: deploy
          steps:
            - {name: deploy, type: component.install, with: {component: Svc, process: deploy}}
      ---
      kind: Agent
      name: a1
      ---
      kind: Role
      name: viewer
      permissions: [view]
      ---
      kind: Team
      name: watchers
      members: [sam]
      roles: [{role: viewer}]
      ---
      kind: Environment
      application: Shop
      name: PROD
      gate: {snapshotStatuses: [Approved]}
      resources:
        - agent: a1
          children: [{component: Svc}]
      """;

  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    admin = server.adminToken();
    var applied = server.apply(admin, List.of(new SourceFile("shop.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Response send(String method, String path, String body) {
    return server.send(method, path, admin, body);
  }

  private static void version(String name) {
    var r = send("POST", "/api/v1/components/Svc/versions", "{\"name\": \"" + name + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static TestServer.Response request(String what) {
    return send(
        "POST",
        "/api/v1/requests",
        "{\"application\": \"Shop\", \"environment\": \"PROD\", \"process\": \"deploy\", "
            + what
            + "}");
  }

  @Test
  void theGateTakesOnlySnapshotsWithTheStatusAndThePipelineShowsWhichRuns() throws Exception {
    String agent = server.agentToken(admin, "a1");
    server.hello(agent);
    version("1.0");
    var made =
        send(
            "POST",
            "/api/v1/applications/Shop/snapshots",
            "{\"name\": \"rel-1\", \"versions\": {\"Svc\": \"1.0\"}}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);

    var withVersions = request("\"versions\": {\"Svc\": \"1.0\"}");
    assertThat(withVersions.status()).isEqualTo(409);
    assertThat(withVersions.json().get("message").asText())
        .isEqualTo(
            "the gate of environment 'PROD' refuses Svc 1.0: the environment takes only"
                + " snapshots with status Approved, and this request names versions");
    var unapproved = request("\"snapshot\": \"rel-1\"");
    assertThat(unapproved.status()).isEqualTo(409);
    assertThat(unapproved.json().get("message").asText())
        .isEqualTo(
            "the gate of environment 'PROD' refuses Svc 1.0: snapshot 'rel-1' lacks status"
                + " Approved");

    String statuses = "/api/v1/applications/Shop/snapshots/rel-1/statuses/";
    var wrongScope = send("PUT", statuses + "Passed%20QA", null);
    assertThat(wrongScope.status()).isEqualTo(422);
    String sam = server.newUser("sam", "sam-password-1234");
    var notSigner = server.send("PUT", statuses + "Signed", sam, null);
    assertThat(notSigner.status()).isEqualTo(403);
    assertThat(notSigner.json().get("message").asText())
        .isEqualTo("status 'Signed' requires role 'signer', which user 'sam' does not hold");
    var approved = send("PUT", statuses + "Approved", null);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().get("statuses").toString()).isEqualTo("[\"Approved\"]");
    assertThat(send("GET", "/api/v1/audit?limit=5", null).body()).contains("snapshot.status.add");

    var admitted = request("\"snapshot\": \"rel-1\"");
    assertThat(admitted.status()).as(admitted.body()).isEqualTo(201);
    assertThat(admitted.json().get("snapshot").asText()).isEqualTo("rel-1");
    long id = admitted.json().get("id").asLong();
    server.agentEnds(agent, "SUCCEEDED");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> send("GET", "/api/v1/requests/" + id, null).json().get("state").asText(),
            "SUCCEEDED"::equals);

    var running = send("GET", "/api/v1/applications/Shop/environments/PROD/snapshot", null);
    assertThat(running.status()).as(running.body()).isEqualTo(200);
    assertThat(running.json().get("snapshot").get("name").asText()).isEqualTo("rel-1");
    assertThat(pipelinePage()).contains("runs snapshot <strong>rel-1</strong>");

    // udclient: the status goes, the gate closes again; the snapshot's versions and the list.
    var removed =
        send(
            "DELETE",
            "/cli/snapshot/removeStatusFromSnapshot?application=Shop&snapshot=rel-1"
                + "&statusName=Approved",
            null);
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().get("statuses").size()).isZero();
    assertThat(request("\"snapshot\": \"rel-1\"").status()).isEqualTo(409);
    var list = send("GET", "/cli/application/snapshotsInApplication?application=Shop", null);
    JsonNode rel1 = null;
    for (JsonNode s : list.json()) if (s.get("name").asText().equals("rel-1")) rel1 = s;
    assertThat(rel1).as(list.body()).isNotNull();
    // By id, without its application, as UCD allows.
    var added =
        send(
            "PUT",
            "/cli/snapshot/addStatusToSnapshot?snapshot="
                + rel1.get("id").asText()
                + "&statusName=Approved",
            null);
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get("statuses").toString()).isEqualTo("[\"Approved\"]");
    var versions =
        send("GET", "/cli/snapshot/getSnapshotVersions?application=Shop&snapshot=rel-1", null);
    assertThat(versions.json().get(0).get("name").asText()).isEqualTo("1.0");
    assertThat(versions.json().get(0).get("component").get("name").asText()).isEqualTo("Svc");
    assertThat(server.send("GET", "/cli/application.wadl", admin, null).body())
        .contains("addStatusToSnapshot")
        .contains("removeStatusFromSnapshot");
  }

  @Test
  void snapshotsAreExportedAndAppliedAsConfiguration() {
    version("8.0");
    String snapshot =
        """
        kind: Snapshot
        application: Shop
        name: from-config
        versions: {Svc: "8.0"}
        """;
    var made = server.apply(admin, List.of(new SourceFile("snap.yaml", snapshot)));
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    assertThat(made.json().get("changes").get(0).get("text").asText())
        .isEqualTo("+ create Snapshot Shop/from-config");
    var shown = send("GET", "/api/v1/applications/Shop/snapshots/from-config", null);
    assertThat(shown.status()).as(shown.body()).isEqualTo(200);
    assertThat(shown.body()).contains("\"admin\"").contains("8.0");

    String exported = send("GET", "/api/v1/config/export", null).body();
    assertThat(exported).contains("kind: Snapshot\napplication: Shop\nname: from-config\n");
    var back = server.apply(admin, List.of(new SourceFile("export.yaml", exported)));
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().get("summary").asText()).isEqualTo("no changes");

    var changed =
        server.apply(
            admin,
            List.of(
                new SourceFile("export.yaml", exported.replace("Svc: \"8.0\"", "Svc: \"9.9\""))));
    assertThat(changed.status()).isEqualTo(422);
    assertThat(changed.body()).contains("snapshots never change");
  }

  @Test
  void aVersionGetsLinksAndIsDeletedOnlyWhenNobodyUsedIt() {
    version("7.0");
    version("7.1");
    send(
        "POST",
        "/api/v1/applications/Shop/snapshots",
        "{\"name\": \"keep\", \"versions\": {\"Svc\": \"7.0\"}}");
    var link =
        send(
            "PUT",
            "/cli/version/addLink?component=Svc&version=7.1&linkName=build"
                + "&link=https%3A%2F%2Fci%2Fjob%2F7",
            null);
    assertThat(link.status()).as(link.body()).isEqualTo(204);
    assertThat(
            send("GET", "/api/v1/components/Svc/versions/7.1", null)
                .json()
                .get("links")
                .get("build")
                .asText())
        .isEqualTo("https://ci/job/7");

    String kept = versionId("7.0");
    var refused = send("DELETE", "/rest/deploy/version/" + kept, null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body())
        .isEqualTo(
            "Version '7.0' of component 'Svc' cannot be deleted: snapshot 'keep' of application"
                + " 'Shop' holds it");
    var deleted = send("DELETE", "/rest/deploy/version/" + versionId("7.1"), null);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(send("GET", "/api/v1/components/Svc/versions/7.1", null).status()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/audit?limit=5", null).body()).contains("version.delete");
  }

  private static String versionId(String name) {
    return send("GET", "/cli/version/getVersionId?component=Svc&version=" + name, null).body();
  }

  /** The pipeline page as a logged-in browser gets it. */
  private static String pipelinePage() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    var login =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "user=admin&password="
                            + URLEncoder.encode(TestServer.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                            + "&next=%2Fui"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    return http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui/apps/Shop"))
                .header("Cookie", cookie)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
