package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.SourceFile;
import io.shiplock.server.api.Access;
import io.shiplock.server.api.Route;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads are scoped like writes (issue 16, item 4), generated from the route table as the 401 test
 * is: a user who may view and request on one application's one environment reads every GET route
 * and page, with every path parameter set to objects outside that scope and to objects inside it.
 * Everything outside is named "covert…"; no answer of 2xx may contain that word. A new route is
 * covered the day it is added, or this test fails naming it.
 */
class ScopedReadTest {
  private static final String CONFIG =
      """
      kind: Agent
      name: seen-agent
      ---
      kind: Agent
      name: covert-agent
      ---
      kind: Status
      name: Passed
      scope: version
      ---
      kind: Component
      name: SeenSvc
      processes:
        - name: say
          steps:
            - {name: say, type: shell, with: {script: "echo hi"}}
      ---
      kind: Component
      name: CovertSvc
      processes:
        - name: say
          steps:
            - {name: say, type: shell, with: {script: "echo covert"}}
      ---
      kind: Application
      name: SeenApp
      components: [SeenSvc]
      processes:
        - name: say
          steps:
            - {name: say, type: component.run, with: {component: SeenSvc, process: say}}
      ---
      kind: Application
      name: CovertApp
      components: [CovertSvc]
      processes:
        - name: say
          steps:
            - {name: say, type: component.run, with: {component: CovertSvc, process: say}}
      ---
      kind: Environment
      application: SeenApp
      name: SeenEnv
      order: 1
      resources:
        - agent: seen-agent
          children: [{component: SeenSvc}]
      ---
      kind: Environment
      application: SeenApp
      name: CovertProd
      order: 2
      resources:
        - agent: covert-agent
          children: [{component: SeenSvc}]
      ---
      kind: Environment
      application: CovertApp
      name: CovertEnv
      resources:
        - agent: covert-agent
          children: [{component: CovertSvc}]
      ---
      kind: Role
      name: deployer
      permissions: [view, request]
      ---
      kind: Role
      name: covert-role
      permissions: [view, approve]
      ---
      kind: Role
      name: viewer
      permissions: [view]
      ---
      kind: Team
      name: seen-team
      members: [scoped]
      roles: [{role: deployer, application: SeenApp, environments: [SeenEnv]}]
      ---
      kind: Team
      name: look-team
      members: [looker]
      roles: [{role: viewer, application: SeenApp, environments: [SeenEnv]}]
      ---
      kind: Team
      name: covert-team
      members: [admin]
      roles: [{role: covert-role, application: CovertApp}]
      """;

  private static TestServer server;
  private static String admin;
  private static String token;
  private static String cookie;
  private static final List<Long> hiddenRequests = new ArrayList<>();
  private static final List<Long> hiddenSteps = new ArrayList<>();
  private static long seenRequest;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("h2");
    admin = server.adminToken();
    var applied = server.apply(admin, List.of(new SourceFile("scope.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    token = server.newUser("scoped", "scoped-password-1");
    server.newUser("looker", "looker-password-1");
    for (String[] v : new String[][] {{"SeenSvc", "seen-1"}, {"CovertSvc", "covert-1"}})
      assertThat(
              server
                  .send(
                      "POST",
                      "/api/v1/components/" + v[0] + "/versions",
                      admin,
                      "{\"name\": \"" + v[1] + "\"}")
                  .status())
          .isEqualTo(201);
    seenRequest = request("SeenApp", "SeenEnv", "SeenSvc", "seen-1");
    hiddenRequests.add(request("SeenApp", "CovertProd", "SeenSvc", "seen-1"));
    hiddenRequests.add(request("CovertApp", "CovertEnv", "CovertSvc", "covert-1"));
    for (long id : hiddenRequests)
      server
          .send("GET", "/api/v1/requests/" + id, admin, null)
          .json()
          .get("steps")
          .forEach(s -> hiddenSteps.add(s.get("id").asLong()));
    cookie = session("scoped");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long request(String app, String env, String component, String version) {
    var r =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \""
                + app
                + "\", \"environment\": \""
                + env
                + "\", \"process\": \"say\", \"versions\": {\""
                + component
                + "\": \""
                + version
                + "\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asLong();
  }

  private static String session(String user) throws Exception {
    var resp =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("user=" + user + "&password=" + user + "-password-1"))
                .build(),
            BodyHandlers.discarding());
    String set = resp.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(set.indexOf('=') + 1, set.indexOf(';'));
  }

  private record Answer(int status, String body) {}

  /** A GET as the scoped user: the token for the API, the session cookie for pages. */
  private static Answer get(Route r, String path, String sessionCookie) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(5));
    if (r.access() == Access.SESSION) b.header("Cookie", "shiplock_session=" + sessionCookie);
    else b.header("Authorization", "Bearer " + token);
    if (path.endsWith("/events")) {
      // A stream never ends: its status is its answer.
      var resp = HTTP.send(b.build(), BodyHandlers.ofInputStream());
      resp.body().close();
      return new Answer(resp.statusCode(), "");
    }
    var resp = HTTP.send(b.build(), BodyHandlers.ofString());
    return new Answer(resp.statusCode(), resp.body());
  }

  private static List<Route> reads() {
    return server.server().api().routes().stream()
        .filter(r -> r.method().name().equals("GET"))
        .filter(r -> r.access() == Access.AUTHENTICATED || r.access() == Access.SESSION)
        .toList();
  }

  /** The values a path parameter takes: outside the scope, then inside it. */
  private static List<String> values(String path, String param) {
    return switch (param) {
      case "application" -> List.of("CovertApp", "SeenApp");
      case "component" -> List.of("CovertSvc", "SeenSvc");
      case "version" -> List.of("covert-1", "seen-1");
      case "status" -> List.of("Passed");
      case "source" -> List.of("covert-src");
      case "id" ->
          path.contains("/steps/")
              ? Stream.concat(hiddenSteps.stream(), Stream.of(0L)).map(String::valueOf).toList()
              : Stream.concat(hiddenRequests.stream(), Stream.of(seenRequest))
                  .map(String::valueOf)
                  .toList();
      case "name" -> names(path);
      default -> List.of("x");
    };
  }

  private static List<String> names(String path) {
    if (path.contains("/environments/")) return List.of("CovertProd", "CovertEnv", "SeenEnv");
    if (path.startsWith("/api/v1/applications/")) return List.of("CovertApp", "SeenApp");
    if (path.startsWith("/api/v1/components/")) return List.of("CovertSvc", "SeenSvc");
    if (path.startsWith("/api/v1/agents/")) return List.of("covert-agent", "seen-agent");
    if (path.startsWith("/api/v1/teams/")) return List.of("covert-team", "seen-team");
    if (path.startsWith("/api/v1/roles/")) return List.of("covert-role", "deployer");
    return List.of("covert-x", "Passed");
  }

  /** Every concrete path of a route template, with the queries that select hidden objects. */
  private static List<String> paths(Route r) {
    List<String> out = new ArrayList<>(List.of(r.path()));
    while (out.stream().anyMatch(p -> p.contains("{"))) {
      List<String> next = new ArrayList<>();
      for (String p : out) {
        int open = p.indexOf('{');
        if (open < 0) {
          next.add(p);
          continue;
        }
        int close = p.indexOf('}', open);
        String param = p.substring(open + 1, close);
        for (String v : values(r.path(), param))
          next.add(
              p.substring(0, open)
                  + URLEncoder.encode(v, StandardCharsets.UTF_8)
                  + p.substring(close + 1));
      }
      out = next;
    }
    List<String> withQueries = new ArrayList<>(out);
    for (String p : out) {
      if (p.endsWith("/inventory") || p.equals("/api/v1/environments"))
        withQueries.add(p + "?environment=CovertProd&application=CovertApp");
      if (p.equals("/api/v1/insights"))
        for (String q : new String[] {"app=CovertApp", "app=SeenApp&env=CovertProd", "app=SeenApp"})
          withQueries.add(p + "?" + q);
      if (p.endsWith("/inventory/history"))
        withQueries.add(p + "?environment=CovertProd&resource=covert-agent&component=SeenSvc");
      if (p.equals("/ui/settings/object"))
        for (String q :
            new String[] {
              "kind=Application&name=CovertApp",
              "kind=Component&name=CovertSvc",
              "kind=Agent&name=covert-agent",
              "kind=Team&name=covert-team",
              "kind=Environment&application=SeenApp&name=CovertProd"
            }) withQueries.add(p + "?" + q);
    }
    return withQueries;
  }

  @TestFactory
  Stream<DynamicTest> noReadAnswersWithWhatIsOutsideTheCallersScope() {
    return reads().stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path(),
                    () -> {
                      for (String path : paths(r)) {
                        Answer a = get(r, path, cookie);
                        assertThat(a.status()).as("GET %s", path).isLessThan(500);
                        if (a.status() < 300)
                          assertThat(a.body().toLowerCase(Locale.ROOT))
                              .as("GET %s answered %d with %s", path, a.status(), a.body())
                              .doesNotContain("covert");
                      }
                    }));
  }

  /**
   * The other side: what is inside the scope is read (a test that refused all would pass above).
   */
  @Test
  void whatIsInsideTheScopeIsRead() throws Exception {
    Map<String, String> shows =
        Map.of(
            "/api/v1/applications",
            "SeenApp",
            "/api/v1/environments",
            "SeenEnv",
            "/api/v1/components",
            "SeenSvc",
            "/api/v1/components/SeenSvc/versions",
            "seen-1",
            "/api/v1/agents",
            "seen-agent",
            "/api/v1/requests",
            "\"id\" : " + seenRequest,
            "/api/v1/requests/" + seenRequest,
            "SeenEnv",
            "/api/v1/applications/SeenApp/environments/SeenEnv",
            "SeenEnv",
            "/api/v1/insights?app=SeenApp",
            "\"environment\" : \"SeenEnv\"");
    for (var e : shows.entrySet()) {
      var a = server.send("GET", e.getKey(), token, null);
      assertThat(a.status()).as(e.getKey()).isEqualTo(200);
      assertThat(a.body()).as(e.getKey()).contains(e.getValue());
    }
    for (String refused :
        new String[] {
          "/api/v1/applications/CovertApp",
          "/api/v1/components/CovertSvc",
          "/api/v1/components/CovertSvc/versions",
          "/api/v1/teams/seen-team",
          "/api/v1/config/export",
          "/api/v1/applications/SeenApp/environments/CovertProd"
        }) {
      var a = server.send("GET", refused, token, null);
      assertThat(a.status()).as(refused).isEqualTo(403);
      assertThat(a.json().get("message").asText()).as(refused).contains("lacks the 'view'");
    }
    // Lists show only what the caller may read: who may do what is for 'view' everywhere.
    assertThat(server.send("GET", "/api/v1/teams", token, null).json()).isEmpty();
    // Requests and steps are numbered: one outside the scope is as one that does not exist.
    assertThat(
            server.send("GET", "/api/v1/requests/" + hiddenRequests.get(1), token, null).status())
        .isEqualTo(404);
    assertThat(
            server
                .send("GET", "/api/v1/steps/" + hiddenSteps.get(0) + "/log", token, null)
                .status())
        .isEqualTo(404);
  }

  /** Writes to a component are scoped the same way: by the applications that have it. */
  @Test
  void versionsAreMadeOnlyForComponentsOfTheCallersApplications() {
    var covert =
        server.send(
            "POST", "/api/v1/components/CovertSvc/versions", token, "{\"name\": \"covert-2\"}");
    assertThat(covert.status()).as(covert.body()).isEqualTo(403);
    assertThat(covert.json().get("message").asText())
        .contains("lacks the 'request' permission on application 'CovertApp'");
    assertThat(server.send("POST", "/api/v1/components/CovertSvc/import", token, "{}").status())
        .isEqualTo(403);
    assertThat(
            server
                .send(
                    "POST", "/api/v1/components/SeenSvc/versions", token, "{\"name\": \"seen-2\"}")
                .status())
        .isEqualTo(201);
  }

  private static String page(String path, String sessionCookie) throws Exception {
    var resp =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Cookie", "shiplock_session=" + sessionCookie)
                .build(),
            BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(path).isEqualTo(200);
    return resp.body();
  }

  /** Pages offer only what the user may use. */
  @Test
  void pagesOfferOnlyWhatTheUserMayUse() throws Exception {
    String deployer = page("/ui/apps/SeenApp", cookie);
    assertThat(deployer).contains("SeenEnv").contains("Request a deployment");
    assertThat(deployer).doesNotContain("CovertProd").doesNotContain("/ui/audit");
    String looker = page("/ui/apps/SeenApp", session("looker"));
    assertThat(looker).contains("SeenEnv").doesNotContain("Request a deployment");
    assertThat(page("/ui/agents", cookie)).contains("seen-agent").doesNotContain("covert-agent");
    assertThat(page("/ui", session("looker"))).doesNotContain("/ui/audit");
    var audit =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui/audit"))
                .header("Cookie", "shiplock_session=" + cookie)
                .build(),
            BodyHandlers.ofString());
    assertThat(audit.statusCode()).isEqualTo(403);
    assertThat(audit.body()).contains("lacks the").contains("security").contains("permission");
  }
}
