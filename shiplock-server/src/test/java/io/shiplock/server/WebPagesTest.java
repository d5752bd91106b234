package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.server.api.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages as a browser without JavaScript gets them (plain HTTP with the session cookie): what
 * they say about requests, approvals, timing and the pipeline. WebUiTest drives the same pages in a
 * real browser; this covers what needs no browser, quickly.
 */
class WebPagesTest {
  private static final String CONFIG =
      """
      kind: Status
      name: Passed
      scope: version
      ---
      kind: Agent
      name: worker
      ---
      kind: Component
      name: Svc
      processes:
        - {name: deploy, steps: [{name: mark, type: version.status.add, with: {status: Passed}}]}
        - {name: hold, steps: [{name: pause, type: wait, with: {duration: 1h}}]}
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - {name: deploy, steps: [{name: install, type: component.install, with: {component: Svc, process: deploy}}]}
        - {name: hold, steps: [{name: install, type: component.install, with: {component: Svc, process: hold, force: true}}]}
      ---
      kind: Environment
      application: Shop
      name: Test
      order: 1
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Environment
      application: Shop
      name: Prod
      order: 2
      gate: {allOf: [Passed]}
      approval: {required: 2, approvers: [release-managers], commentRequired: true}
      resources: [{agent: worker, children: [{component: Svc}]}]
      ---
      kind: Role
      name: approver
      permissions: [view, approve]
      ---
      kind: Team
      name: release-managers
      members: [rita]
      roles: [{role: approver}]
      """;

  private static TestServer server;
  private static String admin;

  /** The request that installed Svc 1.0 in Test (and gave it Passed). */
  private static long deployed;

  private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirect

  private record Page(int status, String body, HttpResponse<String> response) {}

  /** A browser without JavaScript: a session cookie, and the form token of its pages. */
  private record Session(String cookie, String csrf) {
    Page get(String path) {
      return send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET(), cookie);
    }

    /** Posts a form (name, value, …) with this session's form token. */
    Page post(String path, String... fields) {
      StringBuilder form = new StringBuilder("csrf=" + csrf);
      for (int i = 0; i < fields.length; i += 2)
        form.append('&').append(fields[i]).append('=').append(enc(fields[i + 1]));
      return send(
          HttpRequest.newBuilder(URI.create(server.url() + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form.toString())),
          cookie);
    }
  }

  private static Page send(HttpRequest.Builder b, String cookie) {
    if (cookie != null) b.header("Cookie", "shiplock_session=" + cookie);
    try {
      var r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Page(r.statusCode(), r.body(), r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Page loginForm(String user, String password) {
    return send(
        HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "user=" + enc(user) + "&password=" + enc(password) + "&next=%2Fui")),
        null);
  }

  private static Session logIn(String user, String password) {
    Page p = loginForm(user, password);
    assertThat(p.status()).as(p.body()).isEqualTo(302);
    String cookie =
        p.response().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0].split("=")[1];
    Page home = send(HttpRequest.newBuilder(URI.create(server.url() + "/ui")).GET(), cookie);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(home.body());
    assertThat(m.find()).isTrue();
    return new Session(cookie, m.group(1));
  }

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("h2");
    admin = server.adminToken();
    String body =
        Json.MAPPER.writeValueAsString(
            Map.of("files", List.of(Map.of("name", "shop.yaml", "content", CONFIG))));
    assertThat(server.send("POST", "/api/v1/config/apply", admin, body).status()).isEqualTo(200);
    for (String u : List.of("rita", "mallory"))
      assertThat(
              server
                  .send(
                      "POST",
                      "/api/v1/users",
                      admin,
                      "{\"name\": \""
                          + u
                          + "\", \"email\": \""
                          + u
                          + "@example.com\", \"password\": \""
                          + u
                          + "-password-1\"}")
                  .status())
          .isEqualTo(201);
    assertThat(
            server
                .send("POST", "/api/v1/components/Svc/versions", admin, "{\"name\": \"1.0\"}")
                .status())
        .isEqualTo(201);
    long id = request("Test", "deploy");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("SUCCEEDED"));
    deployed = id;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static long request(String env, String process) {
    var r =
        server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"Shop\", \"environment\": \""
                + env
                + "\", \"process\": \""
                + process
                + "\", \"versions\": {\"Svc\": \"1.0\"}}");
    assertThat(r.status()).as(r.body()).isLessThan(300);
    return r.json().get("id").asLong();
  }

  private static String state(long id) {
    return server.send("GET", "/api/v1/requests/" + id, admin, null).json().get("state").asText();
  }

  @Test
  void aRefusedLoginKeepsTheUserNameTyped() {
    Page wrong = loginForm("admin", "wrong-password");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body())
        .contains("Wrong user name or password")
        .contains("<input id=\"user\" name=\"user\" value=\"admin\"");
    // What was typed comes back as text, never as markup.
    Page odd = loginForm("\"><b>x", "wrong-password");
    assertThat(odd.body()).contains("value=\"&#34;>&lt;b>x\"").doesNotContain("<b>x");
  }

  @Test
  void timesReadInUtcWithTheExactInstantKeptAndDurationsInSeconds() {
    long id = deployed;
    Session s = logIn("admin", TestServer.ADMIN_PASSWORD);
    String page = s.get("/ui/requests/" + id).body();
    Pattern time =
        Pattern.compile(
            "requested by admin at <time datetime=\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z)\""
                + " title=\"([^\"]+)\">(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC)</time>");
    Matcher m = time.matcher(page);
    assertThat(m.find()).as(page).isTrue();
    assertThat(m.group(3)).startsWith(m.group(1).substring(0, 19)).endsWith("Z");
    assertThat(m.group(4))
        .isEqualTo(m.group(1).substring(0, 10) + " " + m.group(1).substring(11, 19) + " UTC");
    // Each step's time is in seconds ("< 0.1 s" for a server step), never in milliseconds.
    assertThat(page).contains("<td>&lt; 0.1 s</td>").doesNotContainPattern("\\d ms\\b");
    assertThat(s.get("/ui").body())
        .containsPattern("admin, <time datetime=\"[^\"]+\" title=\"[^\"]+\">[0-9: -]+ UTC</time>");
  }

  /** A request to Prod, which waits for two approvals (Svc 1.0 has Passed: the gate is open). */
  private static long waitingInProd() {
    long id = request("Prod", "deploy");
    assertThat(state(id)).isEqualTo("WAITING_APPROVAL");
    return id;
  }

  @Test
  void theInboxLinksEachRequestAndTellsARefusalFromWhatADecisionDid() {
    long id = waitingInProd();
    Session rita = logIn("rita", "rita-password-1");
    assertThat(rita.get("/ui/approvals").body())
        .contains("<a href=\"/ui/requests/" + id + "\">Request " + id + ": deploy on Prod</a>");
    // A refusal is an error (an alert), not the success box.
    Page refused = rita.post("/ui/approvals", "request", String.valueOf(id), "decision", "approve");
    assertThat(refused.status()).isGreaterThanOrEqualTo(400);
    assertThat(refused.body())
        .containsPattern(
            "<p class=\"error refusal\" role=\"alert\">Request " + id + ": [^<]*requires a comment")
        .doesNotContain("role=\"status\"");
    Page recorded =
        rita.post(
            "/ui/approvals", "request", String.valueOf(id), "decision", "approve", "comment", "ok");
    assertThat(recorded.status()).isEqualTo(200);
    assertThat(recorded.body())
        .contains("<p class=\"message done\" role=\"status\">Request " + id + ": recorded.</p>")
        .doesNotContain("role=\"alert\"");
    // A refused deployment on the pipeline page is an error too.
    Session admin = logIn("admin", TestServer.ADMIN_PASSWORD);
    // The inbox counts the approval just given.
    assertThat(admin.get("/ui/approvals").body()).contains("<p>1 of 2 approvals</p>");
    Page gate =
        admin.post(
            "/ui/apps/Shop/requests",
            "environment",
            "Prod",
            "process",
            "deploy",
            "version:Svc",
            "9.9");
    assertThat(gate.status()).isGreaterThanOrEqualTo(400);
    assertThat(gate.body())
        .contains("<p class=\"error refusal\" role=\"alert\">")
        .doesNotContain("role=\"status\"");
  }

  @Test
  void aDeploymentFormWithoutAnEnvironmentIsRefusedInPlace() {
    // RouteFuzzTest found it: without the environment field the page answered 500.
    Session s = logIn("admin", TestServer.ADMIN_PASSWORD);
    for (String[] form :
        new String[][] {
          {"process", "deploy", "version:Svc", "1.0"},
          {"environment", "Test", "version:Svc", "1.0"},
          {"environment", " ", "process", "deploy"}
        }) {
      Page p = s.post("/ui/apps/Shop/requests", form);
      assertThat(p.status()).as(p.body()).isEqualTo(400);
      assertThat(p.body()).contains("a request needs an environment and a process");
    }
  }

  @Test
  void aRequestWaitingForApprovalSaysNothingHasRunYet() {
    long id = waitingInProd();
    String page = logIn("admin", TestServer.ADMIN_PASSWORD).get("/ui/requests/" + id).body();
    assertThat(page)
        .contains("Waits for approval: 0 of 2 from release-managers")
        .contains(
            "<p class=\"nothing-yet\">Nothing has run yet: the steps start once the request is approved.</p>")
        // No empty steps table; the style hides the empty live log while nothing-yet shows.
        .doesNotContain("<table class=\"steps\"")
        .contains("class=\"live-request\"");
  }

  @Test
  void cancelAsksFirst() {
    long id = waitingInProd();
    Session s = logIn("admin", TestServer.ADMIN_PASSWORD);
    // The request page's form asks the browser to confirm (htmx, no eval), then sends confirm=yes.
    assertThat(s.get("/ui/requests/" + id).body())
        .contains("hx-confirm=\"Cancel request " + id + " (deploy on Prod)?")
        .contains("hx-vals='{\"confirm\": \"yes\"}'");
    // Without the confirmation (a browser without JavaScript) a page asks; nothing is canceled.
    Page ask = s.post("/ui/requests/" + id + "/cancel");
    assertThat(ask.status()).isEqualTo(200);
    assertThat(ask.body())
        .contains("Cancel request " + id + "?")
        .contains("<input type=\"hidden\" name=\"confirm\" value=\"yes\">")
        .contains("<a href=\"/ui/requests/" + id + "\">No, keep it running</a>");
    assertThat(state(id)).isEqualTo("WAITING_APPROVAL");
    // Confirmed: canceled, and the browser goes to the request's own page (a reload posts nothing).
    Page done = s.post("/ui/requests/" + id + "/cancel", "confirm", "yes");
    assertThat(done.status()).isEqualTo(303);
    assertThat(done.response().headers().firstValue("Location")).hasValue("/ui/requests/" + id);
    assertThat(state(id)).isEqualTo("CANCELED");
  }

  @Test
  void thePipelineLinksWhatWaitsAndSaysWhoDeployedWhatWhenThroughWhichRequest() {
    long id = waitingInProd();
    String pipeline = logIn("admin", TestServer.ADMIN_PASSWORD).get("/ui/apps/Shop").body();
    assertThat(pipeline)
        .containsPattern("<strong>\\d+ waiting</strong>:")
        .contains(
            "<a class=\"waiting\" href=\"/ui/requests/"
                + id
                + "\">request "
                + id
                + " (Svc 1.0)</a>")
        .contains("gate open for Svc 1.0: Passed")
        .containsPattern(
            "<div class=\"deployed\">deployed by admin <time datetime=\"[^\"]+\" title=\"[^\"]+\">[0-9: -]+ UTC</time> through <a href=\"/ui/requests/"
                + deployed
                + "\">request "
                + deployed
                + "</a></div>");
  }

  @Test
  void aComponentProcessWaitingForItsStepsShowsAsRunning() {
    long id = request("Test", "hold");
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("RUNNING"));
    Session s = logIn("admin", TestServer.ADMIN_PASSWORD);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                s.get("/ui/requests/" + id)
                    .body()
                    .contains("data-step=\"pause\" data-state=\"WAITING\""));
    String page = s.get("/ui/requests/" + id).body();
    // The timer step waits (orange); the groups around it run (blue).
    assertThat(page)
        .contains("<g class=\"node\" data-step=\"install\" data-state=\"RUNNING\">")
        .contains("<g class=\"node\" data-step=\"pause\" data-state=\"WAITING\">")
        .doesNotContain("data-step=\"install\" data-state=\"WAITING\"");
    assertThat(page)
        .containsPattern("<tr data-step=\"install\">\\s*<td[^>]*>install</td>\\s*<td>RUNNING</td>");
    assertThat(server.send("POST", "/api/v1/requests/" + id + "/cancel", admin, "{}").status())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("CANCELED"));
  }

  @Test
  void theWholeLogIsOnePlainTextPageForWhoeverMayViewTheRequest() {
    long id = deployed;
    Session s = logIn("admin", TestServer.ADMIN_PASSWORD);
    assertThat(s.get("/ui/requests/" + id).body())
        .contains("<a href=\"/ui/requests/" + id + "/log\">whole log</a>");
    Page log = s.get("/ui/requests/" + id + "/log");
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.response().headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain");
    assertThat(log.response().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(log.body())
        .startsWith("Request " + id + ": deploy on Test (Shop), requested by admin at ")
        .contains("State: SUCCEEDED")
        .containsSubsequence("── install ── SUCCEEDED", "── install / ", "/ mark ── SUCCEEDED");
    // Mallory holds no role: the route table refuses every page that needs 'view', this one too.
    Page refused = logIn("mallory", "mallory-password-1").get("/ui/requests/" + id + "/log");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("lacks the").doesNotContain("── install");
  }
}
