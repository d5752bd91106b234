package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.core.config.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} after real pipelines (a real agent running shell steps): the counters,
 * histograms and gauges a Prometheus scraper reads move as requests run, and the route is closed to
 * anyone without the {@code metrics} permission unless the operator opened it.
 */
class MetricsTest {
  @TempDir Path dir;
  private TestServer server;
  private String admin;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer("sqlite");
    admin = server.adminToken();
    apply(Fixtures.shop("a1", "echo hi"));
    for (String v : List.of("1.0", "1.1", "1.2")) {
      var made =
          server.send(
              "POST", "/api/v1/components/Svc/versions", admin, "{\"name\": \"" + v + "\"}");
      assertThat(made.status()).as(made.body()).isEqualTo(201);
    }
    agent = agent();
  }

  @AfterEach
  void stop() {
    if (agent != null) agent.close();
    server.close();
  }

  @Test
  void theFiguresMoveWithRealPipelines() {
    Scrape before = scrape(admin);
    assertThat(before.value("shiplock_database_up")).isEqualTo(1.0);
    assertThat(before.sum("shiplock_requests_ended_total")).isZero();
    assertThat(before.sum("jvm_memory_used_bytes")).isPositive();
    assertThat(before.sum("shiplock_db_connections_max")).isPositive();

    assertThat(deploy("1.0")).isEqualTo("SUCCEEDED");
    apply(Fixtures.shop("a1", "exit 3"));
    assertThat(deploy("1.1")).isEqualTo("FAILED");

    // The end of a request reaches the metrics through the outbox, right after its commit.
    Scrape after =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> scrape(admin),
                s -> s.sum("shiplock_requests_ended_total", "state", "FAILED") == 1.0);
    Map<String, String> succeeded =
        Map.of("application", "Shop", "environment", "DEV", "state", "SUCCEEDED");
    assertThat(after.sum("shiplock_requests_ended_total", succeeded)).isEqualTo(1.0);
    assertThat(after.sum("shiplock_request_duration_seconds_count", succeeded)).isEqualTo(1.0);
    assertThat(after.sum("shiplock_request_duration_seconds_sum", succeeded)).isPositive();
    // Buckets that fit deployments: there is one at 1 s, and the request (a few hundred ms, more
    // on a loaded machine) is counted in it exactly when its own duration fits.
    double took = after.sum("shiplock_request_duration_seconds_sum", succeeded);
    Map<String, String> underASecond = new HashMap<>(succeeded);
    underASecond.put("le", "1.0");
    assertThat(after.samples())
        .anyMatch(
            x ->
                x.name().equals("shiplock_request_duration_seconds_bucket")
                    && x.labels().entrySet().containsAll(underASecond.entrySet()));
    assertThat(after.sum("shiplock_request_duration_seconds_bucket", underASecond))
        .isEqualTo(took <= 1.0 ? 1.0 : 0.0);
    Map<String, String> all = new HashMap<>(succeeded);
    all.put("le", "+Inf");
    assertThat(after.sum("shiplock_request_duration_seconds_bucket", all)).isEqualTo(1.0);
    assertThat(after.sum("shiplock_step_duration_seconds_count", "type", "shell")).isEqualTo(2.0);
    assertThat(
            after.sum(
                "shiplock_step_duration_seconds_count", Map.of("type", "shell", "state", "FAILED")))
        .isEqualTo(1.0);
    // The application's step that ran the component's process is timed too.
    assertThat(after.sum("shiplock_step_duration_seconds_count", "type", "component.install"))
        .isEqualTo(2.0);
    assertThat(after.sum("shiplock_dispatch_latency_seconds_count")).isEqualTo(2.0);
    assertThat(
            after.sum(
                "http_server_requests_seconds_count",
                Map.of("method", "POST", "route", "/api/v1/requests")))
        .isEqualTo(2.0);
    assertThat(
            after.sum(
                "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/api/v1/requests/{id}")))
        .isPositive();
    assertThat(after.sum("shiplock_agents", "state", "online")).isEqualTo(1.0);
    assertThat(after.sum("shiplock_queue_items")).isZero();

    // Work that no agent takes (DEV moves to an agent that is not running): the queue's depth and
    // its oldest item's age grow.
    apply(Fixtures.shop("a2", "echo hi"));
    request("1.2");
    Scrape waiting =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> scrape(admin),
                s ->
                    s.sum("shiplock_queue_items") == 1.0
                        && s.sum("shiplock_queue_oldest_age_seconds") > 0.2);
    assertThat(waiting.sum("shiplock_queue_oldest_age_seconds")).isLessThan(60.0);
  }

  @Test
  void onlyTheMetricsPermissionReadsThem() {
    var none = server.send("GET", "/metrics", null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
    String nobody = server.newUser("nobody", "a-long-password-1");
    var refused = server.send("GET", "/metrics", nobody, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText())
        .contains("user 'nobody' lacks the 'metrics' permission");

    String scraper = server.newUser("prometheus", "a-long-password-2");
    apply(
        """
        kind: Role
        name: scraper
        permissions: [metrics]
        ---
        kind: Team
        name: monitoring
        members: [prometheus]
        roles: [{role: scraper}]
        """);
    var scraped = server.send("GET", "/metrics", scraper, null);
    assertThat(scraped.status()).as(scraped.body()).isEqualTo(200);
    assertThat(new Scrape(scraped.body()).value("shiplock_queue_items")).isZero();
    // The permission opens the metrics, nothing else.
    assertThat(server.send("GET", "/api/v1/requests", scraper, null).status()).isEqualTo(403);
  }

  @Test
  void anOperatorMayOpenThemToTheirNetwork() {
    try (TestServer open = new TestServer("sqlite", Map.of("SHIPLOCK_METRICS_PUBLIC", "true"))) {
      var r = open.send("GET", "/metrics", null, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(new Scrape(r.body()).value("shiplock_database_up")).isEqualTo(1.0);
    }
  }

  private void apply(String yaml) {
    var r = server.apply(admin, List.of(new SourceFile("shop.yaml", yaml)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private Agent agent() throws Exception {
    return new Agent(
            new AgentSettings(
                List.of(server.url()),
                server.agentToken(admin, "a1"),
                "a1",
                Files.createDirectories(dir.resolve("agent"))))
        .start();
  }

  /** Deploys {@code version} of Svc to Shop/DEV (a version installed there already is skipped). */
  private long request(String version) {
    var r =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"Shop\", \"environment\": \"DEV\", \"process\": \"deploy\","
                + " \"versions\": {\"Svc\": \""
                + version
                + "\"}}");
    assertThat(r.status()).as(r.body()).isIn(200, 201, 202);
    return r.json().get("id").asLong();
  }

  private String deploy(String version) {
    long id = request(version);
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> server.send("GET", "/api/v1/requests/" + id, admin, null).json(),
            r -> !List.of("QUEUED", "RUNNING").contains(r.get("state").asText()))
        .get("state")
        .asText();
  }

  private Scrape scrape(String token) {
    var r = server.send("GET", "/metrics", token, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return new Scrape(r.body());
  }
}
