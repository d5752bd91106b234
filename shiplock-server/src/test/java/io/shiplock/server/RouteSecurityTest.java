package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.server.api.Access;
import io.shiplock.server.api.Route;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated from the route table: every route that is not explicitly public refuses a missing,
 * forged or revoked token with 401, so a new route cannot ship unprotected.
 */
class RouteSecurityTest {
  private static TestServer server;
  private static String revoked;
  private static String userToken;
  private static String agentToken;
  private static String noRoles;

  @BeforeAll
  static void start() {
    server = new TestServer("h2");
    String token = server.adminToken();
    userToken = token;
    server.send(
        "POST",
        "/api/v1/config/apply",
        token,
        "{\"files\": [{\"name\": \"a.yaml\", \"content\": \"kind: Agent\\nname: a1\\n\"}]}");
    agentToken =
        server.send("POST", "/api/v1/agents/a1/tokens", token, "{}").json().get("token").asText();
    server.server().auth().createUser("nobody", "nobody-password-1", false);
    noRoles =
        server
            .send(
                "POST",
                "/api/v1/login",
                null,
                "{\"user\": \"nobody\", \"password\": \"nobody-password-1\"}")
            .json()
            .get("token")
            .asText();
    revoked = server.adminToken();
    long id = server.send("GET", "/api/v1/whoami", revoked, null).json().get("tokenId").asLong();
    assertThat(server.send("DELETE", "/api/v1/tokens/" + id, token, null).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<Route> routes() {
    return server.server().api().routes();
  }

  private static String concrete(String path) {
    return path.replaceAll("\\{[^}]+}", "x");
  }

  @TestFactory
  Stream<DynamicTest> everyProtectedRouteRefusesCallersWithoutAValidToken() {
    return routes().stream()
        .filter(r -> r.access() == Access.AUTHENTICATED)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path(),
                    () -> {
                      String path = concrete(r.path());
                      String body = r.method().name().equals("GET") ? null : "{}";
                      for (String token :
                          new String[] {
                            null,
                            "slk_forged0000000000000000000000000000000000",
                            "not-a-token",
                            revoked
                          }) {
                        var resp = server.send(r.method().name(), path, token, body);
                        assertThat(resp.status())
                            .as("%s %s with token %s", r.method(), path, token)
                            .isEqualTo(401);
                        if (path.startsWith("/cli") || path.startsWith("/rest/deploy/"))
                          // UCD's clients print the body as it comes: one plain line.
                          assertThat(resp.body()).contains("token");
                        else
                          assertThat(resp.json().get("error").asText()).isEqualTo("unauthorized");
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aUserWithoutRolesIsRefusedWith403NamingThePermission() {
    return routes().stream()
        .filter(r -> r.access() == Access.AUTHENTICATED && r.permission() != null)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path() + " needs " + r.permission().yaml(),
                    () -> {
                      var resp =
                          server.send(
                              r.method().name(),
                              concrete(r.path()),
                              noRoles,
                              r.method().name().equals("GET") ? null : "{}");
                      assertThat(resp.status()).as(resp.body()).isEqualTo(403);
                      assertThat(
                              (r.path().startsWith("/cli") || r.path().startsWith("/rest/deploy/"))
                                  ? resp.body()
                                  : resp.json().get("message").asText())
                          .contains("user 'nobody' lacks the '" + r.permission().yaml() + "'");
                    }));
  }

  @Test
  void selfServiceRoutesAreFewAndOpenToEveryUser() {
    assertThat(
            routes().stream()
                .filter(r -> r.access() == Access.AUTHENTICATED && r.permission() == null)
                .map(r -> r.method() + " " + r.path()))
        .containsExactlyInAnyOrder(
            "GET /api/v1/whoami",
            "GET /api/v1/tokens",
            "POST /api/v1/tokens",
            "DELETE /api/v1/tokens/{id}",
            "GET /api/v1/config/schema",
            "GET /api/v1/approvals",
            "GET /api/v1/tasks",
            "GET /api/v1/openapi.json",
            "GET /api/v1/version",
            // UrbanCode Deploy's client: its command description, and its session.
            "GET /cli/application.wadl",
            "PUT /cli/teamsecurity/login",
            "PUT /cli/teamsecurity/logout");
    assertThat(server.send("GET", "/api/v1/whoami", noRoles, null).status()).isEqualTo(200);
  }

  @TestFactory
  Stream<DynamicTest> userAndAgentTokensDoNotPassForEachOther() {
    return routes().stream()
        // pages take no bearer token at all (their cookie test is above)
        .filter(r -> r.access() != Access.PUBLIC && r.access() != Access.SESSION)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path(),
                    () -> {
                      String wrong = r.access() == Access.AGENT ? userToken : agentToken;
                      var resp =
                          server.send(
                              r.method().name(),
                              concrete(r.path()),
                              wrong,
                              r.method().name().equals("GET") ? null : "{}");
                      assertThat(resp.status()).isEqualTo(401);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> approvalLinkRoutesRefuseForgedLinks() {
    return routes().stream()
        .filter(r -> r.access() == Access.LINK)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path(),
                    () -> {
                      for (String link : new String[] {"x", "eA.eA", "MTox.AAAA"}) {
                        var resp =
                            server.send(
                                r.method().name(), r.path().replace("{link}", link), null, null);
                        assertThat(resp.status()).as(link).isEqualTo(401);
                      }
                    }));
  }

  /** Pages have their permission in the route table too: a user with no role reads none. */
  @TestFactory
  Stream<DynamicTest> everyPageWithAPermissionRefusesAUserWithoutRoles() throws Exception {
    var login =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(BodyPublishers.ofString("user=nobody&password=nobody-password-1"))
                    .build(),
                BodyHandlers.discarding());
    String set = login.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = set.substring(0, set.indexOf(';'));
    return routes().stream()
        .filter(
            r ->
                r.access() == Access.SESSION
                    && r.permission() != null
                    && r.method().name().equals("GET"))
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path() + " needs " + r.permission().yaml(),
                    () -> {
                      var resp =
                          HttpClient.newHttpClient()
                              .send(
                                  HttpRequest.newBuilder(
                                          URI.create(server.url() + concrete(r.path())))
                                      .header("Cookie", cookie)
                                      .build(),
                                  BodyHandlers.ofString());
                      assertThat(resp.statusCode()).isEqualTo(403);
                      assertThat(resp.body()).contains("lacks the").contains(r.permission().yaml());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> everyPageSendsABrowserWithoutASessionToTheLoginPage() {
    return routes().stream()
        .filter(r -> r.access() == Access.SESSION)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.method() + " " + r.path(),
                    () -> {
                      for (String cookie : new String[] {null, "slk_forged000000000000000000000"}) {
                        var req =
                            HttpRequest.newBuilder(URI.create(server.url() + concrete(r.path())))
                                .method(r.method().name(), BodyPublishers.noBody());
                        if (cookie != null) req.header("Cookie", "shiplock_session=" + cookie);
                        var resp =
                            HttpClient.newHttpClient().send(req.build(), BodyHandlers.discarding());
                        assertThat(resp.statusCode()).isEqualTo(302);
                        assertThat(resp.headers().firstValue("Location").orElse(""))
                            .contains("/ui/login");
                      }
                    }));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
            BodyHandlers.ofString());
  }

  @Test
  void publicAssetsAreOnlyTheFixedFiles() throws Exception {
    var htmx = get("/ui/assets/htmx.min.js");
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(htmx.body()).contains("htmx");
    assertThat(get("/ui/assets/sse.js").body()).contains("sse-connect");
    assertThat(get("/ui/assets/shiplock.css").body()).contains(".pipeline");
    for (String other :
        new String[] {
          "/ui/assets/secret.key", "/ui/assets/..%2F..%2Fsecret.key", "/ui/assets/layout.jte"
        }) assertThat(get(other).statusCode()).as(other).isEqualTo(404);
  }

  @Test
  void theRootSendsABrowserToTheUiAndTheIconIsServed() throws Exception {
    var root = get("/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValue("/ui");
    var icon = get("/favicon.ico");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(icon.body()).isEqualTo(get("/ui/assets/favicon.svg").body()).contains("<svg");
  }

  private HttpResponse<String> postForm(String path, String form, String origin) throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form));
    if (origin != null) req.header("Origin", origin);
    return HttpClient.newHttpClient().send(req.build(), BodyHandlers.ofString());
  }

  @Test
  void loginReturnsToTheAskedPageOfThisServerOnly() throws Exception {
    var asked = get("/ui/agents?x=1");
    assertThat(asked.statusCode()).isEqualTo(302);
    assertThat(asked.headers().firstValue("Location"))
        .hasValue("/ui/login?next=%2Fui%2Fagents%3Fx%3D1");
    assertThat(get("/ui/login?next=%2Fui%2Fagents%3Fx%3D1").body())
        .contains("name=\"next\" value=\"/ui/agents?x=1\"");
    String pw = "&password=" + TestServer.ADMIN_PASSWORD;
    assertThat(
            postForm("/ui/login", "user=admin" + pw + "&next=%2Fui%2Fagents", null)
                .headers()
                .firstValue("Location"))
        .hasValue("/ui/agents");
    for (String evil :
        new String[] {
          "https://evil.example/", "//evil.example/ui", "/ui/..//evil", "/api/v1/users"
        })
      assertThat(
              postForm(
                      "/ui/login",
                      "user=admin"
                          + pw
                          + "&next="
                          + URLEncoder.encode(evil, StandardCharsets.UTF_8),
                      null)
                  .headers()
                  .firstValue("Location"))
          .as(evil)
          .hasValue("/ui");
    // A login form posted from another site is refused before the password is checked.
    var cross = postForm("/ui/login", "user=admin" + pw, "https://evil.example");
    assertThat(cross.statusCode()).isEqualTo(403);
    assertThat(cross.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void pagesCarrySecurityHeaders() throws Exception {
    var login = get("/ui/login");
    assertThat(login.statusCode()).isEqualTo(200);
    var h = login.headers();
    assertThat(h.firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-eval");
    assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(h.firstValue("Cache-Control")).hasValue("no-store");
    assertThat(h.firstValue("Referrer-Policy")).hasValue("same-origin");
  }

  @Test
  void onlyLoginHealthAndFixedAnswersArePublic() {
    assertThat(routes().stream().filter(r -> r.access() == Access.PUBLIC).map(Route::path))
        .containsExactlyInAnyOrder(
            "/healthz",
            "/readyz",
            "/api/v1/login",
            "/ui/login",
            "/ui/login",
            // The login page's stylesheet, icon and scripts: fixed files, no data (tested below).
            "/ui/assets/{file}",
            // The first address a user types, and the icon browsers ask for by themselves.
            "/",
            "/favicon.ico");
    assertThat(server.send("GET", "/healthz", null, null).status()).isEqualTo(200);
    assertThat(server.send("GET", "/readyz", null, null).json().get("status").asText())
        .isEqualTo("ready");
  }

  @Test
  void theOpenApiDocumentListsEveryRoute() {
    var doc = server.send("GET", "/api/v1/openapi.json", server.adminToken(), null).json();
    for (Route r : routes()) {
      assertThat(doc.at("/paths").has(r.path())).as(r.path()).isTrue();
      assertThat(doc.at("/paths").get(r.path()).has(r.method().name().toLowerCase(Locale.ROOT)))
          .isTrue();
    }
  }
}
