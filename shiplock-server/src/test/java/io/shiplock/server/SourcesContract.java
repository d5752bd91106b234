package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Json;
import io.shiplock.server.notify.Notifier;
import io.shiplock.server.sources.SourceAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git sources and triggers with real local repositories: commits become versions (once each, with
 * their tree as files), webhooks import at once, polling finds commits by itself, triggers start
 * requests once per version, and a passing status starts the next environment's deployment.
 */
abstract class SourcesContract {
  /** The store the server runs on: {@code sqlite} (the embedded one) or {@code postgresql}. */
  protected abstract String dialect();

  private static final String SECRET = "hook-secret-1";

  @TempDir Path dir;
  private Git git;
  private TestServer server;
  private String admin;
  private int n;

  private String config(String url, String poll, boolean paused) {
    return """
        kind: Status
        name: Passed
        scope: version
        ---
        kind: Agent
        name: worker
        ---
        kind: Component
        name: Svc
        properties:
          hookSecret: {secure: true, value: "%s"}
        processes:
          - {name: pass, steps: [{name: s, type: version.status.add, with: {status: Passed}}]}
        ---
        kind: Application
        name: App
        components: [Svc]
        processes:
          - {name: test, steps: [{name: s, type: component.run, with: {component: Svc, process: pass}}]}
          - {name: deploy, steps: [{name: s, type: wait, with: {duration: 10ms}}]}
        ---
        kind: Environment
        application: App
        name: Test
        resources: [{agent: worker, children: [{component: Svc}]}]
        ---
        kind: Environment
        application: App
        name: Prod
        gate: {allOf: [Passed]}
        resources: [{agent: worker, children: [{component: Svc}]}]
        ---
        kind: Source
        name: svc-git
        component: Svc
        git: {url: "%s", branch: main}
        %s
        versionName: "{date}-{shortSha}"
        webhookSecret: hookSecret
        ---
        kind: Trigger
        name: test-each-version
        application: App
        component: Svc
        when: versionCreated
        process: test
        environment: Test
        paused: %s
        ---
        kind: Trigger
        name: promote-when-passed
        application: App
        component: Svc
        when: statusAdded
        status: Passed
        process: deploy
        environment: Prod
        """
        .formatted(SECRET, url, poll == null ? "" : "pollInterval: " + poll, paused);
  }

  @BeforeEach
  void start() throws Exception {
    git = Git.init().setInitialBranch("main").setDirectory(dir.resolve("repo").toFile()).call();
    // The repositories are local (file://): the test directory is the server's source root.
    server = new TestServer(dialect(), Map.of(), SourceAccess.defaults().withFileRoot(dir));
    admin = server.adminToken();
  }

  @AfterEach
  void stop() {
    server.close();
    git.close();
  }

  private void apply(String yaml) throws Exception {
    var r =
        server.send(
            "POST",
            "/api/v1/config/apply",
            admin,
            Json.MAPPER.writeValueAsString(
                Map.of("files", List.of(Map.of("name", "c.yaml", "content", yaml)))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private String url() {
    return dir.resolve("repo").toUri().toString();
  }

  private RevCommit commit(String message) throws Exception {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("service"));
    Files.writeString(repo.resolve("service/version.txt"), "change " + ++n + "\n");
    Path run = repo.resolve("service/run.sh");
    Files.writeString(run, "#!/bin/sh\necho hi\n");
    run.toFile().setExecutable(true);
    git.add().addFilepattern(".").call();
    return git.commit()
        .setMessage(message)
        .setAuthor(new PersonIdent("Dana Dev", "dana@example.test"))
        .call();
  }

  private JsonNode versions() {
    return server.send("GET", "/api/v1/components/Svc/versions", admin, null).json();
  }

  private JsonNode importNow() {
    return server.send("POST", "/api/v1/components/Svc/import", admin, null).json();
  }

  @Test
  void commitsBecomeVersionsOnceEachAndTriggersCarryThemThroughTheGate() throws Exception {
    apply(config(url(), null, false));
    RevCommit first = commit("first commit");
    JsonNode imported = importNow();
    String name = imported.get(0).get("created").get(0).asText();
    assertThat(name).endsWith("-" + first.name().substring(0, 10));
    JsonNode v = server.send("GET", "/api/v1/components/Svc/versions/" + name, admin, null).json();
    assertThat(v.at("/properties/commit.sha").asText()).isEqualTo(first.name());
    assertThat(v.at("/properties/commit.author").asText())
        .isEqualTo("Dana Dev <dana@example.test>");
    assertThat(v.at("/properties/commit.message").asText()).isEqualTo("first commit");
    JsonNode files =
        server
            .send("GET", "/api/v1/components/Svc/versions/" + name + "/files", admin, null)
            .json();
    assertThat(files.findValuesAsText("path"))
        .containsExactly("service/run.sh", "service/version.txt");
    assertThat(files.get(0).get("executable").asBoolean()).isTrue();

    // The version-created trigger ran the tests; Passed then triggered the Prod deployment.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                requests().stream()
                    .anyMatch(
                        r ->
                            r.get("environment").asText().equals("Prod")
                                && r.get("state").asText().equals("SUCCEEDED")));
    assertThat(requests()).hasSize(2);
    assertThat(requests().get(0).get("requestedBy").asText())
        .isEqualTo("trigger:promote-when-passed");

    // Nothing new: no duplicate version, no new request.
    assertThat(importNow().get(0).get("created")).isEmpty();
    assertThat(versions()).hasSize(1);

    // Two commits: two versions, oldest first.
    RevCommit a = commit("second");
    RevCommit b = commit("third");
    assertThat(importNow().get(0).get("created").toString())
        .contains(a.name().substring(0, 10))
        .contains(b.name().substring(0, 10));
    assertThat(versions()).hasSize(3);
    assertThat(versions().get(0).get("description").asText()).isEqualTo("third");
    await().atMost(Duration.ofSeconds(15)).until(() -> requests().size() == 6);

    // A force push (history rewritten): only the new head is imported.
    git.reset().setMode(ResetType.HARD).setRef(first.name()).call();
    RevCommit rewritten = commit("rewritten");
    assertThat(importNow().get(0).get("created").toString())
        .contains(rewritten.name().substring(0, 10));
    assertThat(versions()).hasSize(4);

    JsonNode audit = server.send("GET", "/api/v1/audit?action=trigger", admin, null).json();
    assertThat(audit.toString())
        .contains("trigger:test-each-version")
        .contains("trigger:promote-when-passed");
  }

  private List<JsonNode> requests() {
    List<JsonNode> out = new ArrayList<>();
    server.send("GET", "/api/v1/requests", admin, null).json().forEach(out::add);
    return out;
  }

  @Test
  void aSignedWebhookImportsAtOnceAndABadOneIsRefused() throws Exception {
    apply(config(url(), null, true));
    commit("base");
    importNow();
    RevCommit pushed = commit("pushed");
    String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + pushed.name() + "\"}";
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest.Builder hook =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/hooks/git/svc-git"))
            .header("Content-Type", "application/json");
    var bad =
        http.send(
            hook.copy()
                .header("X-Hub-Signature-256", "sha256=00")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(401);
    var malformed =
        http.send(
            hook.copy()
                .header("X-Gitea-Signature", Notifier.hmac(SECRET, "{nope"))
                .header("X-Gitea-Delivery", "d-0")
                .POST(HttpRequest.BodyPublishers.ofString("{nope"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(malformed.statusCode()).isEqualTo(400);
    long t0 = System.nanoTime();
    var ok =
        http.send(
            hook.copy()
                .header("X-Hub-Signature-256", "sha256=" + Notifier.hmac(SECRET, body))
                .header("X-GitHub-Delivery", "d-1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> versions().size() == 2);
    System.out.printf("webhook to version: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    // The trigger is paused: versions arrive, no request starts.
    assertThat(requests()).isEmpty();
    var gitlab =
        http.send(
            hook.copy()
                .header("X-Gitlab-Token", SECRET)
                .header("X-Gitlab-Event-UUID", "d-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\": \"refs/heads/other\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(gitlab.statusCode()).isEqualTo(202);
    assertThat(gitlab.body()).contains("ignored");
  }

  private HttpResponse<String> hook(String source, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/hooks/git/" + source))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) b.headers(headers);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signedHook(String body, String delivery) throws Exception {
    return hook(
        "svc-git",
        body,
        "X-Hub-Signature-256",
        "sha256=" + Notifier.hmac(SECRET, body),
        "X-GitHub-Delivery",
        delivery);
  }

  @Test
  void aReplayedDeliveryIsRefusedAndStartsNothing() throws Exception {
    apply(config(url(), null, true));
    commit("base");
    importNow();
    RevCommit pushed = commit("pushed");
    String body = "{\"ref\": \"refs/heads/main\", \"after\": \"" + pushed.name() + "\"}";
    assertThat(signedHook(body, "delivery-1").statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> versions().size() == 2);
    Instant checked = lastCheckedAt();

    commit("not pushed yet");
    int refused = 0;
    for (int i = 0; i < 200; i++) {
      var replay = signedHook(body, "delivery-1");
      if (replay.statusCode() == 409) refused++;
      if (i == 0) assertThat(replay.body()).contains("delivery-1").contains("already");
    }
    System.out.printf("replays refused: %d of 200%n", refused);
    assertThat(refused).isEqualTo(200);
    // The same signed body under a new id is a replay too: the id is not signed, the body is.
    var newId = signedHook(body, "delivery-2");
    assertThat(newId.statusCode()).as(newId.body()).isEqualTo(409);
    // No import started: the source was not checked again, no version was made.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(lastCheckedAt()).isEqualTo(checked);
    assertThat(versions()).hasSize(2);

    // The next push (another body, another id) is accepted.
    String next = "{\"ref\": \"refs/heads/main\", \"after\": \"next\"}";
    assertThat(signedHook(next, "delivery-3").statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(10)).until(() -> versions().size() == 3);

    // Past the window a delivery id is forgotten.
    server.clock().advance(Duration.ofHours(25));
    assertThat(signedHook(body, "delivery-1").statusCode()).isEqualTo(202);
  }

  @Test
  void aDeliveryWithoutAnIdIsRefused() throws Exception {
    apply(config(url(), null, true));
    String body = "{\"ref\": \"refs/heads/main\"}";
    var r = hook("svc-git", body, "X-Hub-Signature-256", "sha256=" + Notifier.hmac(SECRET, body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("X-GitHub-Delivery").contains("X-Shiplock-Delivery");
    var generic =
        hook(
            "svc-git",
            body,
            "X-Gitea-Signature",
            Notifier.hmac(SECRET, body),
            "X-Shiplock-Delivery",
            "generic-1");
    assertThat(generic.statusCode()).as(generic.body()).isEqualTo(202);
  }

  @Test
  void unknownSourcesAndSourcesWithoutASecretGetTheSame401() throws Exception {
    apply(config(url(), null, true).replace("webhookSecret: hookSecret\n", ""));
    String body = "{\"ref\": \"refs/heads/main\"}";
    String[] signed = {
      "X-Hub-Signature-256", "sha256=" + Notifier.hmac(SECRET, body), "X-GitHub-Delivery", "x"
    };
    var noSecret = hook("svc-git", body, signed);
    var unknown = hook("no-such-source", body, signed);
    assertThat(noSecret.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(noSecret.body()).isEqualTo(unknown.body()).doesNotContain("svc-git");
  }

  private Instant lastCheckedAt() {
    JsonNode s = server.send("GET", "/api/v1/components/Svc/sources", admin, null).json();
    return Instant.parse(s.get(0).get("lastCheckedAt").asText());
  }

  @Test
  void aFloodOfCommitsIsImportedInSlicesWithoutDuplicates() throws Exception {
    apply(config(url(), null, true));
    commit("base");
    importNow();
    for (int i = 0; i < 60; i++) commit("flood " + i);
    assertThat(importNow().get(0).get("created")).hasSize(50);
    assertThat(importNow().get(0).get("created")).hasSize(10);
    assertThat(importNow().get(0).get("created")).isEmpty();
    assertThat(server.send("GET", "/api/v1/components/Svc/versions?limit=1000", admin, null).json())
        .hasSize(61);
  }

  @Test
  void pollingFindsNewCommitsByItself() throws Exception {
    commit("base");
    apply(config(url(), "1s", true));
    JsonNode sources = server.send("GET", "/api/v1/components/Svc/sources", admin, null).json();
    assertThat(sources.get(0).get("pollInterval").asText())
        .as("as configuration writes it, not 1.000000000")
        .isEqualTo("1s");
    await().atMost(Duration.ofSeconds(10)).until(() -> versions().size() == 1);
    commit("later");
    await().atMost(Duration.ofSeconds(10)).until(() -> versions().size() == 2);
  }

  @Test
  void anUnreachableRepositoryIsAClearErrorOnTheSource() throws Exception {
    String missing = dir.resolve("nonexistent/repo.git").toUri().toString();
    apply(config(missing, null, true));
    var r = server.send("POST", "/api/v1/components/Svc/import", admin, null);
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).contains("import of " + missing + " (main) failed: no repository there");
    JsonNode state = server.send("GET", "/api/v1/components/Svc/sources", admin, null).json();
    assertThat(state.get(0).get("lastError").asText()).contains("failed");
    assertThat(versions()).isEmpty();
  }
}
