package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.server.TestServer;
import io.shiplock.server.notify.Notifier;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes and a real git repository: a push's webhook to node A imports the commit as a version
 * whose trigger's request runs on an agent connected to node C only. The same push delivered to two
 * nodes at once, and the same status added on two nodes at once, fire each trigger once.
 */
class WebhookAcrossNodesTest {
  private static final String SECRET = "hook-secret-1";

  private static String config(String url) {
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
          - name: deploy
            steps:
              - {name: hello, type: shell, with: {script: "echo deployed ${p:version.name}"}}
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
        resources: [{agent: worker, children: [{component: Svc}]}]
        ---
        kind: Environment
        application: Shop
        name: QA
        resources: [{agent: worker, children: [{component: Svc}]}]
        ---
        kind: Source
        name: svc-git
        component: Svc
        git: {url: "%s", branch: main}
        versionName: "{shortSha}"
        webhookSecret: hookSecret
        ---
        kind: Trigger
        name: deploy-each-version
        application: Shop
        component: Svc
        when: versionCreated
        process: deploy
        environment: DEV
        ---
        kind: Trigger
        name: qa-when-passed
        application: Shop
        component: Svc
        when: statusAdded
        status: Passed
        process: deploy
        environment: QA
        """
        .formatted(SECRET, url);
  }

  @TempDir Path dir;
  private Git git;
  private Cluster cluster;
  private Agent agent;
  private String admin;
  private int n;

  @BeforeEach
  void start() throws Exception {
    git = Git.init().setInitialBranch("main").setDirectory(dir.resolve("repo").toFile()).call();
    // The repository is local (file://): the test directory is every node's source root. Each
    // node has its own home (its git mirrors are its own) and all share one blobs directory, as a
    // real cluster does: node A keeps the files of the versions it imports there, and the agent
    // fetches them from node C.
    Path blobs = Files.createDirectories(dir.resolve("blobs"));
    cluster =
        new Cluster(
            3,
            Map.of("SHIPLOCK_BLOBS_DIR", blobs.toString()),
            TestDatabases.postgres(),
            SourceAccess.defaults().withFileRoot(dir),
            TestServer::newHome);
    cluster.apply(config(dir.resolve("repo").toUri().toString()));
    TestServer a = cluster.node(0);
    admin = a.adminToken();
    TestServer c = cluster.node(2);
    agent =
        new Agent(
                new AgentSettings(
                    List.of(c.url()),
                    a.agentToken(admin, "worker"),
                    "worker",
                    Files.createDirectories(dir.resolve("agent"))))
            .start();
  }

  @AfterEach
  void stop() {
    if (agent != null) agent.close();
    cluster.close();
    git.close();
  }

  private RevCommit commit(String message) throws Exception {
    Path repo = dir.resolve("repo");
    Files.writeString(repo.resolve("version.txt"), "change " + ++n + "\n");
    git.add().addFilepattern(".").call();
    return git.commit()
        .setMessage(message)
        .setAuthor(new PersonIdent("Dana Dev", "dana@example.test"))
        .call();
  }

  /**
   * A signed GitHub push delivery of {@code commit} to {@code node}; its id is in the body too, so
   * two deliveries differ (the server refuses a body it received already as a replay).
   */
  private static HttpResponse<String> push(TestServer node, RevCommit commit, String delivery)
      throws Exception {
    String body =
        "{\"ref\": \"refs/heads/main\", \"after\": \""
            + commit.name()
            + "\", \"hook_delivery\": \""
            + delivery
            + "\"}";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/hooks/git/svc-git"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + Notifier.hmac(SECRET, body))
                .header("X-GitHub-Delivery", delivery)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> requests(String env) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : cluster.node(1).send("GET", "/api/v1/requests", admin, null).json())
      if (r.get("environment").asText().equals(env)) out.add(r);
    return out;
  }

  private JsonNode versions() {
    return cluster.node(1).send("GET", "/api/v1/components/Svc/versions", admin, null).json();
  }

  @Test
  void aPushToNodeAFiresATriggerThatRunsOnTheAgentOfNodeC() throws Exception {
    RevCommit pushed = commit("pushed");
    var accepted = push(cluster.node(0), pushed, "d-1");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(20)).until(() -> requests("DEV").size() == 1);
    JsonNode request = requests("DEV").get(0);
    assertThat(request.get("requestedBy").asText()).isEqualTo("trigger:deploy-each-version");
    JsonNode ended =
        Cluster.ended(cluster.node(0), admin, request.get("id").asLong(), Duration.ofSeconds(60));
    assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
    assertThat(ended.at("/versions/Svc").asText()).isEqualTo(pushed.name().substring(0, 10));
  }

  @Test
  void theSamePushOnTwoNodesAndTheSameStatusOnTwoNodesFireEachTriggerOnce() throws Exception {
    RevCommit pushed = commit("pushed twice");
    String name = pushed.name().substring(0, 10);
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      // Two deliveries of one push (two hooks on the repository) reach nodes A and B at once.
      List<Future<HttpResponse<String>>> pushes =
          together(
              threads,
              List.of(
                  () -> push(cluster.node(0), pushed, "d-1"),
                  () -> push(cluster.node(1), pushed, "d-2")));
      for (var p : pushes) assertThat(p.get().statusCode()).as(p.get().body()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(20)).until(() -> requests("DEV").size() == 1);

      // Two people add the status Passed at once, one on node A, one on node B.
      String path = "/api/v1/components/Svc/versions/" + name + "/statuses/Passed";
      List<Future<TestServer.Response>> added =
          together(
              threads,
              List.of(
                  () -> cluster.node(0).send("POST", path, admin, null),
                  () -> cluster.node(1).send("POST", path, admin, null)));
      for (var p : added) assertThat(p.get().status()).as(p.get().body()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> requests("QA").size() == 1);
    }
    for (String env : List.of("DEV", "QA")) {
      long id = requests(env).get(0).get("id").asLong();
      assertThat(
              Cluster.ended(cluster.node(2), admin, id, Duration.ofSeconds(60))
                  .get("state")
                  .asText())
          .isEqualTo("SUCCEEDED");
    }
    // Once each: one version, one request per trigger, one firing each in the audit log.
    assertThat(versions()).hasSize(1);
    assertThat(requests("DEV")).hasSize(1);
    assertThat(requests("QA")).hasSize(1);
    assertThat(Cluster.audit(cluster.node(0), admin, "trigger.fire", "deploy on Shop/DEV"))
        .hasSize(1);
    assertThat(Cluster.audit(cluster.node(0), admin, "trigger.fire", "deploy on Shop/QA"))
        .hasSize(1);
    // Neither node's import failed on the version the other made.
    JsonNode source =
        cluster.node(2).send("GET", "/api/v1/components/Svc/sources", admin, null).json();
    assertThat(source.get(0).get("lastError").isNull()).as(source.toString()).isTrue();
  }

  @Test
  void twoNodesImportingOneCommitAtOnceMakeOneVersionAndNeitherFails() throws Exception {
    int rounds = 3;
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < rounds; i++) {
        String name = commit("round " + i).name().substring(0, 10);
        List<Future<TestServer.Response>> imports =
            together(
                threads,
                List.of(
                    () ->
                        cluster.node(0).send("POST", "/api/v1/components/Svc/import", admin, null),
                    () ->
                        cluster
                            .node(1)
                            .send("POST", "/api/v1/components/Svc/import", admin, null)));
        List<String> created = new ArrayList<>();
        for (var f : imports) {
          TestServer.Response r = f.get();
          assertThat(r.status()).as(r.body()).isEqualTo(200);
          assertThat(r.json().get(0).has("error")).as(r.body()).isFalse();
          r.json().get(0).get("created").forEach(v -> created.add(v.asText()));
        }
        assertThat(created).containsExactly(name);
      }
    }
    assertThat(versions()).hasSize(rounds);
    await().atMost(Duration.ofSeconds(20)).until(() -> requests("DEV").size() == rounds);
    assertThat(Cluster.audit(cluster.node(0), admin, "trigger.fire", "deploy on Shop/DEV"))
        .hasSize(rounds);
  }

  /** Runs the calls at the same instant, each on its own thread. */
  private static <T> List<Future<T>> together(ExecutorService threads, List<Callable<T>> calls) {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> out = new ArrayList<>();
    for (var call : calls)
      out.add(
          threads.submit(
              () -> {
                go.await();
                return call.call();
              }));
    go.countDown();
    return out;
  }
}
