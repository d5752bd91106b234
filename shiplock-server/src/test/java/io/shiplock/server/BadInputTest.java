package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.SourceFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inputs that answered 500 (the security issue's reproducers): each is a 4xx now that says what was
 * wrong, and the server goes on answering.
 */
class BadInputTest {
  private static TestServer server;
  private static String admin;

  @BeforeAll
  static void start() {
    server = new TestServer("sqlite");
    admin = server.adminToken();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Response plan(String yaml) {
    return server.apply(admin, List.of(new SourceFile("bad.yaml", yaml)));
  }

  @Test
  void aBogusCharsetIsRefused() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tokens"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json; charset=bogus")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"t\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(r.body()).contains("charset");
  }

  private static HttpResponse<String> form(String path, String contentType, String body)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMultipartFormThatCannotBeReadIsRefused() throws Exception {
    // RouteFuzzTest found it: every page's form (and the login form) answered 500.
    var noBoundary = form("/ui/login", "multipart/form-data", "user=admin&password=x");
    assertThat(noBoundary.statusCode()).as(noBoundary.body()).isEqualTo(400);
    assertThat(noBoundary.body())
        .contains("multipart/form-data body cannot be read")
        .contains("boundary");
    var cut =
        form(
            "/ui/login",
            "multipart/form-data; boundary=zz",
            "--zz\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nadmin");
    assertThat(cut.statusCode()).as(cut.body()).isEqualTo(400);
    assertThat(cut.body()).contains("cannot be read").contains("EOF");
    assertThat(server.send("GET", "/healthz", null, null).status()).isEqualTo(200);
  }

  @Test
  void anAgentHelloIsCheckedBeforeItIsStored() {
    // RouteFuzzTest found these: 500 for a host or version longer than its column (H2,
    // PostgreSQL) and for a null step type; a comma would split a stored step type in two.
    assertThat(plan("kind: Agent\nname: hello-agent\n").status()).isEqualTo(200);
    String agent = server.agentToken(admin, "hello-agent");
    String[][] refused = {
      {"\"host\": \"" + "h".repeat(256) + "\"", "'host' has at most 255"},
      {"\"version\": \"" + "v".repeat(65) + "\"", "'version' has at most 64"},
      {"\"steps\": [null]", "'steps'"},
      {"\"steps\": [\"shell,docker.run\"]", "comma"},
    };
    for (String[] r : refused) {
      var hello =
          server.send(
              "POST", "/api/v1/agent/hello", agent, "{\"instance\": \"i-1\", " + r[0] + "}");
      assertThat(hello.status()).as(hello.body()).isEqualTo(400);
      assertThat(hello.body()).contains(r[1]);
    }
    var ok =
        server.send(
            "POST",
            "/api/v1/agent/hello",
            agent,
            "{\"instance\": \"i-1\", \"host\": \"h\", \"steps\": [\"shell\"]}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void aVersionWithANullFileOrAnOverlongPropertyNameIsRefused() {
    // RouteFuzzTest found both: 500 (a NullPointerException; the property name's column).
    assertThat(plan("kind: Component\nname: Files\n").status()).isEqualTo(200);
    var nullFile =
        server.send(
            "POST",
            "/api/v1/components/Files/versions",
            admin,
            "{\"name\": \"1\", \"files\": [null]}");
    assertThat(nullFile.status()).as(nullFile.body()).isEqualTo(422);
    assertThat(nullFile.body()).contains("a file is null");
    var longName =
        server.send(
            "POST",
            "/api/v1/components/Files/versions",
            admin,
            "{\"name\": \"2\", \"properties\": {\"" + "k".repeat(128) + "\": \"v\"}}");
    assertThat(longName.status()).as(longName.body()).isEqualTo(400);
    assertThat(longName.body()).contains("at most 127 characters").contains("has 128");
    assertThat(server.send("GET", "/api/v1/components/Files/versions", admin, null).json())
        .isEmpty();
  }

  @Test
  void anAuditSinceThatIsNeitherAnInstantNorADurationIsRefused() {
    var r = server.send("GET", "/api/v1/audit?since=1:1", admin, null);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("since");
  }

  @Test
  void aLogPositionThatIsNotAttemptAndSequenceIsRefused() {
    // RouteFuzzTest found it (seed 42): '?after=:' answered 500 (an index out of bounds).
    for (String after : List.of(":", "x:1", "1:x", "")) {
      var r = server.send("GET", "/api/v1/steps/1/log?after=" + after, admin, null);
      assertThat(r.status()).as(after + ": " + r.body()).isBetween(400, 404);
      if (r.status() == 400) assertThat(r.body()).contains("ATTEMPT:SEQ");
    }
    assertThat(server.send("GET", "/api/v1/steps/1/log?after=:", admin, null).status())
        .isEqualTo(400);
  }

  @Test
  void overlongEmailsAndTokenNamesAreRefused() {
    String email = "a".repeat(250) + "@example.com";
    var user =
        server.send(
            "POST",
            "/api/v1/users",
            admin,
            "{\"name\": \"longmail\", \"password\": \"long-enough-password\", \"email\": \""
                + email
                + "\"}");
    assertThat(user.status()).as(user.body()).isEqualTo(400);
    assertThat(user.body()).contains("email");
    var token =
        server.send("POST", "/api/v1/tokens", admin, "{\"name\": \"" + "t".repeat(128) + "\"}");
    assertThat(token.status()).as(token.body()).isEqualTo(400);
    assertThat(token.body()).contains("name");
    // The token a login makes is named too (RouteFuzzTest found it: 500 on H2 and PostgreSQL).
    var login =
        server.send(
            "POST",
            "/api/v1/login",
            null,
            "{\"user\": \"admin\", \"password\": \""
                + TestServer.ADMIN_PASSWORD
                + "\", \"tokenName\": \""
                + "t".repeat(128)
                + "\"}");
    assertThat(login.status()).as(login.body()).isEqualTo(400);
    assertThat(login.body()).contains("tokenName");
  }

  @Test
  void durationsTooLargeForAnyClockAreAConfigurationError() {
    for (String d : List.of("99999999999999999999h", "999999999999999999d")) {
      var r =
          plan(
              """
              kind: Component
              name: Svc
              processes:
                - name: p
                  steps:
                    - {name: s, type: shell, timeout: %s, with: {argv: [true]}}
                    - {name: w, type: wait, with: {duration: %s}}
              """
                  .formatted(d, d));
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.body()).contains("bad.yaml:6").contains("timeout");
    }
  }

  @Test
  void aLongChainAndALongCycleAreCheckedWithoutOverflowingTheStack() {
    StringBuilder chain =
        new StringBuilder("kind: Component\nname: Chain\nprocesses:\n  - name: p\n    steps:\n");
    int n = 5000;
    for (int i = 0; i < n; i++)
      chain
          .append("      - {name: s")
          .append(i)
          .append(", type: shell, with: {argv: [true]}")
          .append(i + 1 < n ? ", onSuccess: [s" + (i + 1) + "]" : "")
          .append("}\n");
    var ok = plan(chain.toString());
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    StringBuilder cycle =
        new StringBuilder("kind: Component\nname: Cycle\nprocesses:\n  - name: p\n    steps:\n");
    int m = 3000;
    for (int i = 0; i < m; i++)
      cycle
          .append("      - {name: s")
          .append(i)
          .append(", type: shell, with: {argv: [true]}")
          .append(", onSuccess: [s")
          .append((i + 1) % m)
          .append("]}\n");
    var refused = plan(cycle.toString());
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("cycle");
  }

  @Test
  void scalarAliasesCannotBlowADocumentUp() {
    StringBuilder yaml =
        new StringBuilder("kind: Component\nname: Big\ndescription: &big ")
            .append("x".repeat(1024 * 1024))
            .append("\nproperties:\n");
    for (int i = 0; i < 3000; i++) yaml.append("  p").append(i).append(": *big\n");
    long t0 = System.nanoTime();
    var r = plan(yaml.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("bad.yaml").contains("aliases");
    // Still answering, and the next plan is not slowed by the refused one.
    assertThat(server.send("GET", "/healthz", null, null).status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000_000.0).isLessThan(30);
  }

  @Test
  void headIsAuthenticatedLikeGet() {
    // It answered 200 with an empty body to anyone (the item 6).
    assertThat(server.send("HEAD", "/api/v1/requests", null, null).status()).isEqualTo(401);
    assertThat(server.send("HEAD", "/api/v1/config/export", null, null).status()).isEqualTo(401);
    assertThat(server.send("HEAD", "/api/v1/requests", admin, null).status()).isEqualTo(200);
    assertThat(server.send("HEAD", "/healthz", null, null).status()).isEqualTo(200);
  }

  @Test
  void securityIsNotAdministrator() {
    var applied =
        plan(
            """
            kind: Role
            name: user-admin
            permissions: [view, security]
            ---
            kind: Team
            name: people
            members: [sam]
            roles: [{role: user-admin}]
            """);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    var sam =
        server.send(
            "POST",
            "/api/v1/users",
            admin,
            "{\"name\": \"sam\", \"password\": \"sam-password-12\"}");
    assertThat(sam.status()).as(sam.body()).isEqualTo(201);
    String token =
        server
            .send(
                "POST",
                "/api/v1/login",
                null,
                "{\"user\": \"sam\", \"password\": \"sam-password-12\"}")
            .json()
            .get("token")
            .asText();
    // The reproducer: a user with view and security made an administrator.
    var root =
        server.send(
            "POST",
            "/api/v1/users",
            token,
            "{\"name\": \"root2\", \"password\": \"root2-password-1\", \"admin\": true}");
    assertThat(root.status()).as(root.body()).isEqualTo(403);
    assertThat(root.body()).contains("administrator");
    var plain =
        server.send(
            "POST",
            "/api/v1/users",
            token,
            "{\"name\": \"plain\", \"password\": \"plain-password-1\"}");
    assertThat(plain.status()).as(plain.body()).isEqualTo(201);
  }

  /**
   * Configure is not a way to every other permission: a user who may apply configuration may not
   * write a team or role that grants what they do not hold, and nothing of such a file applies.
   */
  @Test
  void configureCannotGrantWhatItDoesNotHold() {
    var applied =
        plan(
            """
            kind: Role
            name: configurer
            permissions: [view, configure]
            ---
            kind: Team
            name: config-team
            members: [cory]
            roles: [{role: configurer}]
            """);
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
    String cory = server.newUser("cory", "cory-password-12");
    // Before: cory added herself to a team with 'security' and 'agents', then used them.
    var escalate =
        server.apply(
            cory,
            List.of(
                new SourceFile(
                    "mine.yaml",
                    """
                    kind: Role
                    name: everything
                    permissions: [view, security, agents]
                    ---
                    kind: Team
                    name: power
                    members: [cory]
                    roles: [{role: everything}]
                    ---
                    kind: Status
                    name: not-applied
                    scope: version
                    """)));
    assertThat(escalate.status()).as(escalate.body()).isEqualTo(403);
    assertThat(escalate.json().get("message").asText())
        .contains("may not grant")
        .contains("security (role 'everything')")
        .contains("agents (team 'power', role 'everything')");
    assertThat(server.send("GET", "/api/v1/statuses/not-applied", admin, null).status())
        .isEqualTo(404);
    assertThat(server.send("GET", "/api/v1/users", cory, null).status()).isEqualTo(403);
    // Granting what she holds is hers to do.
    var same =
        server.apply(
            cory,
            List.of(
                new SourceFile(
                    "same.yaml",
                    """
                    kind: Role
                    name: viewer-too
                    permissions: [view]
                    ---
                    kind: Team
                    name: viewers
                    members: [cory]
                    roles: [{role: viewer-too}]
                    """)));
    assertThat(same.status()).as(same.body()).isEqualTo(200);
  }
}
