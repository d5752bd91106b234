package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.security.SecretBox;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Server nodes on one PostgreSQL database as an installation on several hosts has them: all of them
 * the same secret key, given in the environment; each node its own home directory unless the test
 * gives them a shared one.
 */
final class Cluster implements AutoCloseable {
  private final List<TestServer> nodes = new ArrayList<>();

  /** {@code n} nodes with this environment (SMTP, webhook) besides the shared key. */
  Cluster(int n, Map<String, String> env) {
    this(n, env, TestDatabases.postgres(), SourceAccess.defaults(), TestServer::newHome);
  }

  /**
   * As above on {@code db} (which may be reached through a forwarder), with these sources, each
   * node in the home {@code homes} gives it: version files are kept in the home, so nodes that
   * serve them to agents share one.
   */
  Cluster(
      int n,
      Map<String, String> env,
      DatabaseConfig db,
      SourceAccess sources,
      Supplier<Path> homes) {
    try {
      for (int i = 0; i < n; i++) nodes.add(new TestServer(db, homes.get(), withKey(env), sources));
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /**
   * Application Shop (a shell step on agent {@code worker}) with environment PROD, which waits for
   * the release managers' (rita's, ravi's) approval as {@code approval} says.
   */
  static String gatedShop(String approval) {
    return Fixtures.shop("worker", "echo deployed ${p:version.name}")
        + """
        ---
        kind: Environment
        application: Shop
        name: PROD
        approval: %s
        resources: [{agent: worker, children: [{component: Svc}]}]
        ---
        kind: Role
        name: approver
        permissions: [view, approve]
        ---
        kind: Team
        name: release-managers
        members: [rita, ravi]
        roles: [{role: approver, application: Shop}]
        """
            .formatted(approval);
  }

  /**
   * Application Shop whose process {@code deploy} runs {@code steps} shell steps one after another
   * on agent {@code worker} in environment DEV; step i (from 1) is named {@code s<i>} and runs
   * {@code script.apply(i)}.
   */
  static String pipeline(int steps, IntFunction<String> script) {
    StringBuilder list = new StringBuilder();
    for (int i = 1; i <= steps; i++)
      list.append(
          "      - {name: s%d, type: shell, with: {script: \"%s\"}}\n"
              .formatted(i, script.apply(i)));
    return """
        kind: Agent
        name: worker
        ---
        kind: Component
        name: Svc
        processes:
          - name: deploy
            steps:
        %s---
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
        """
        .formatted(list);
  }

  private static final String KEY = Base64.getEncoder().encodeToString(SecretBox.newKey());

  /** {@code env} with the key every node of a cluster shares. */
  private static Map<String, String> withKey(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("SHIPLOCK_SECRET_KEY", KEY);
    return all;
  }

  TestServer node(int i) {
    return nodes.get(i);
  }

  List<TestServer> nodes() {
    return nodes;
  }

  /** Applies the configuration through node 0; must be accepted. */
  void apply(String yaml) {
    TestServer first = nodes.get(0);
    var applied = first.apply(first.adminToken(), List.of(new SourceFile("cluster.yaml", yaml)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  /** Creates a version of a component through {@code node}. */
  static void version(TestServer node, String token, String component, String version) {
    var created =
        node.send(
            "POST",
            "/api/v1/components/" + component + "/versions",
            token,
            "{\"name\": \"" + version + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** Requests {@code process} of Shop on {@code env} with Svc at {@code version}; its id. */
  static long request(TestServer node, String token, String env, String version) {
    var created =
        node.send(
            "POST",
            "/api/v1/requests",
            token,
            "{\"application\": \"Shop\", \"environment\": \""
                + env
                + "\", \"process\": \"deploy\", \"versions\": {\"Svc\": \""
                + version
                + "\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asLong();
  }

  static JsonNode detail(TestServer node, String token, long id) {
    var r = node.send("GET", "/api/v1/requests/" + id, token, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** Waits until the request ended and answers its detail. */
  static JsonNode ended(TestServer node, String token, long id, Duration limit) {
    return await()
        .atMost(limit)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> detail(node, token, id),
            r ->
                !List.of("QUEUED", "RUNNING", "WAITING_APPROVAL")
                    .contains(r.get("state").asText()));
  }

  /** The audit entries of this action on this target (newest first). */
  static List<JsonNode> audit(TestServer node, String token, String action, String target) {
    var r = node.send("GET", "/api/v1/audit?limit=1000&action=" + action, token, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : r.json())
      if (e.get("action").asText().equals(action) && e.get("target").asText().equals(target))
        out.add(e);
    return out;
  }

  /** Stops every node, the last first; a second call does nothing. */
  void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
    nodes.clear();
  }

  @Override
  public void close() {
    stop();
  }
}
