package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.engine.RequestState;
import io.shiplock.core.model.ApplicationSpec;
import io.shiplock.core.model.Kind;
import io.shiplock.core.model.ObjectKey;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.core.store.ComponentVersion;
import io.shiplock.core.store.RunRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery insights through the API and the page, over deployments seeded in the store with known
 * times: each figure exactly, scoped by what the caller may read.
 */
class InsightsTest {
  private static final String CONFIG =
      """
      kind: Component
      name: Svc
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - {name: go, steps: [{name: pause, type: wait, with: {duration: 10ms}}]}
      ---
      kind: Environment
      application: Shop
      name: Staging
      order: 1
      resources: [{name: nowhere}]
      ---
      kind: Environment
      application: Shop
      name: Prod
      order: 2
      resources: [{name: nowhere}]
      ---
      kind: Role
      name: viewer
      permissions: [view]
      ---
      kind: Team
      name: lookers
      members: [looker]
      roles: [{role: viewer, application: Shop, environments: [Staging]}]
      """;

  private static final Instant T = Instant.parse("2026-01-05T00:00:00Z");
  private static final String PERIOD = "since=2026-01-05T00:00:00Z&until=2026-01-19T00:00:00Z";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestServer server;
  private static String admin;
  private static String looker;

  private static Instant at(long days, long hours) {
    return T.plus(Duration.ofDays(days)).plus(Duration.ofHours(hours));
  }

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    admin = server.adminToken();
    var applied = server.apply(admin, List.of(new SourceFile("shop.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    looker = server.newUser("looker", "looker-password-1");
    // Versions as the git importer records them (commit time as a property), and one made by
    // hand (no commit time: its creation stands in).
    var v1 = version("c1", at(1, 0), at(1, 0));
    var v2 = version("c2", at(2, 0), at(2, 0));
    var v3 = version("3.0", null, at(8, 0));
    deploy("Prod", v1, RequestState.SUCCEEDED, at(1, 2)); // lead time 2 h
    deploy("Prod", v2, RequestState.FAILED, at(2, 4)); // fails
    deploy("Prod", v2, RequestState.SUCCEEDED, at(3, 0)); // lead time 24 h, restored after 20 h
    deploy("Prod", v3, RequestState.SUCCEEDED, at(8, 1)); // lead time 1 h, rolled back
    deploy("Prod", v2, RequestState.SUCCEEDED, at(8, 3)); // the rollback: an older version
    deploy("Prod", v3, RequestState.SUCCEEDED, at(20, 0)); // after the period
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ComponentVersion version(String name, Instant committed, Instant created) {
    Map<String, PropertyValue> props =
        committed == null
            ? Map.of()
            : Map.of("commit.date", PropertyValue.plain(committed.toString()));
    return server
        .server()
        .store()
        .write(r -> r.versions().create("Svc", name, null, props, "source:git", created));
  }

  /**
   * A request that ended at {@code at}, made and ended in one transaction: the engine never runs
   * it.
   */
  private static void deploy(String env, ComponentVersion v, RequestState state, Instant at) {
    server
        .server()
        .store()
        .write(
            r -> {
              var app =
                  (ApplicationSpec)
                      r.config().find(ObjectKey.of(Kind.APPLICATION, "Shop")).orElseThrow();
              long id =
                  r.runs()
                      .create(
                          new RunRepository.NewRequest(
                              "Shop",
                              env,
                              app.process("go").orElseThrow(),
                              "admin",
                              at.minusSeconds(60),
                              Map.of(),
                              List.of(new RunRepository.VersionRef("Svc", v.name(), v.id())),
                              null,
                              null,
                              null));
              r.runs().finish(id, state, null, at);
              return id;
            });
  }

  @Test
  void eachFigureIsExact() {
    var answer = server.send("GET", "/api/v1/insights?app=Shop&env=Prod&" + PERIOD, admin, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode a = answer.json();
    assertThat(a.get("application").asText()).isEqualTo("Shop");
    assertThat(Instant.parse(a.get("since").asText())).isEqualTo(T);
    assertThat(a.get("environments")).hasSize(1);
    JsonNode t = a.at("/environments/0/total");
    assertThat(a.at("/environments/0/environment").asText()).isEqualTo("Prod");
    assertThat(t.get("deployments").asInt()).isEqualTo(4);
    assertThat(t.get("deploymentsPerDay").asDouble()).isEqualTo(4 / 14.0);
    assertThat(t.get("deploymentsPerWeek").asDouble()).isEqualTo(2.0);
    assertThat(t.get("changes").asInt()).isEqualTo(3);
    assertThat(t.get("leadTimeMedianSeconds").asLong()).isEqualTo(2 * 3600);
    assertThat(t.get("leadTimeP90Seconds").asLong()).isEqualTo(24 * 3600);
    assertThat(t.get("failed").asInt()).isEqualTo(1);
    assertThat(t.get("rolledBack").asInt()).isEqualTo(1);
    assertThat(t.get("attempts").asInt()).isEqualTo(5);
    assertThat(t.get("changeFailureRate").asDouble()).isEqualTo(0.4);
    assertThat(t.get("restored").asInt()).isEqualTo(1);
    assertThat(t.get("unrestored").asInt()).isZero();
    assertThat(t.get("timeToRestoreMedianSeconds").asLong()).isEqualTo(20 * 3600);
    JsonNode weeks = a.at("/environments/0/weeks");
    assertThat(weeks).hasSize(2);
    assertThat(weeks.get(0).get("deployments").asInt()).isEqualTo(2);
    assertThat(weeks.get(0).get("changeFailureRate").asDouble()).isEqualTo(1 / 3.0);
    assertThat(weeks.get(0).get("timeToRestoreMedianSeconds").asLong()).isEqualTo(20 * 3600);
    assertThat(weeks.get(1).get("deployments").asInt()).isEqualTo(2);
    assertThat(weeks.get(1).get("rolledBack").asInt()).isEqualTo(1);
    assertThat(weeks.get(1).get("changeFailureRate").asDouble()).isEqualTo(0.5);
    assertThat(weeks.get(1).get("timeToRestoreMedianSeconds").isNull()).isTrue();
  }

  @Test
  void anEnvironmentWithoutDeploymentsHasNoneAndEveryReadableEnvironmentIsListed() {
    JsonNode a = server.send("GET", "/api/v1/insights?app=Shop&" + PERIOD, admin, null).json();
    assertThat(a.get("environments"))
        .extracting(e -> e.get("environment").asText())
        .containsExactly("Staging", "Prod");
    JsonNode staging = a.at("/environments/0/total");
    assertThat(staging.get("deployments").asInt()).isZero();
    assertThat(staging.get("leadTimeMedianSeconds").isNull()).isTrue();
    assertThat(staging.get("changeFailureRate").isNull()).isTrue();
    assertThat(staging.get("timeToRestoreMedianSeconds").isNull()).isTrue();
  }

  @Test
  void aViewerReadsOnlyTheEnvironmentsOfTheirScope() {
    JsonNode a = server.send("GET", "/api/v1/insights?app=Shop&" + PERIOD, looker, null).json();
    assertThat(a.get("environments"))
        .extracting(e -> e.get("environment").asText())
        .containsExactly("Staging");
    var refused = server.send("GET", "/api/v1/insights?app=Shop&env=Prod", looker, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("lacks the 'view'");
  }

  @Test
  void badInputIsNamed() {
    var noApp = server.send("GET", "/api/v1/insights", admin, null);
    assertThat(noApp.status()).isEqualTo(400);
    assertThat(noApp.json().get("message").asText()).isEqualTo("give ?app=APPLICATION");
    var badSince = server.send("GET", "/api/v1/insights?app=Shop&since=a+while", admin, null);
    assertThat(badSince.status()).isEqualTo(400);
    assertThat(badSince.json().get("message").asText())
        .startsWith("since must be an instant")
        .endsWith("not 'a while'");
    var unknown = server.send("GET", "/api/v1/insights?app=Shop&env=Moon", admin, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText())
        .isEqualTo("application 'Shop' has no environment named 'Moon'");
  }

  @Test
  void thePageDrawsEachFigureAsAnSvgChartAndThePipelineLinksIt() throws Exception {
    String cookie = session();
    String pipeline = page("/ui/apps/Shop", cookie).body();
    assertThat(pipeline).contains("href=\"/ui/apps/Shop/insights\"");
    var page = page("/ui/apps/Shop/insights?" + PERIOD, cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains("4 successful deployments (0.29 a day, 2.00 a week)")
        .contains("median 2 h, 90th percentile 24 h (3 versions)")
        .contains("40% (2 of 5: 1 failed, 1 rolled back)")
        .contains("median 20 h (1 restored)")
        .contains("none (no deployment)");
    for (String chart : List.of("frequency", "lead-time", "failure-rate", "restore"))
      assertThat(html).contains("data-chart=\"" + chart + "\"");
    // Four charts for each of the two environments, each with a bar per week.
    assertThat(html.split("<svg ", -1)).hasSize(9);
    assertThat(html).contains("<title>week of 01-05: 2</title>").contains("week of 01-12: 50%");
    assertThat(html).doesNotContain("<script>");
    var bad = page("/ui/apps/Shop/insights?since=soon", cookie);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("since must be an instant");
  }

  private static HttpResponse<String> page(String path, String cookie) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Cookie", "shiplock_session=" + cookie)
            .build(),
        BodyHandlers.ofString());
  }

  private static String session() throws Exception {
    var resp =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("user=admin&password=" + TestServer.ADMIN_PASSWORD))
                .build(),
            BodyHandlers.discarding());
    String set = resp.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(set.indexOf('=') + 1, set.indexOf(';'));
  }
}
