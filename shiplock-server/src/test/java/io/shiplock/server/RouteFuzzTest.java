package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.api.Access;
import io.shiplock.server.api.Json;
import io.shiplock.server.api.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Generated from the route table: every route must answer every case with less than 500, and the
 * server must still answer at the end. Per route: the valid request; each path parameter hostile
 * ({@code -1}, {@code 99999999999999999999}, {@code %00}, 3,000 characters, {@code ..%2F..},
 * unicode, invalid UTF-8); each place of a valid body (a field, an element) set to each hostile
 * value (null, a huge number, another type, NUL, a lone surrogate, 300 and 70,000 characters) and
 * each field name hostile; random bodies (JSON of wrong types, mutations of the valid body, invalid
 * JSON, 10,000-deep nesting, bytes that are not UTF-8, empty, other content types, broken forms and
 * multipart bodies); each query parameter the route reads with each garbage value, and random ones;
 * HEAD; a user without roles (a refusal is audited); addresses with malformed escapes, sent on a
 * socket because the HTTP client will not.
 *
 * <p>The cases are seeded: the seed is in every failure message with the route, the case and the
 * body, and {@code -Dshiplock.fuzz.seed=N} runs another set ({@code -Dshiplock.fuzz.verbose=true}
 * prints every case and its answer). Each route draws from its own generator (seed and route), so a
 * route's cases do not change when other routes are added.
 *
 * <p>The server holds real objects first (an application with two environments, a version with a
 * file, a finished request, requests waiting for approval, a step claimed by an agent, a source
 * with a webhook secret), so the real value of each path parameter reaches the handler's work and
 * the hostile ones its checks. Routes run with the caller they are for: an administrator's token
 * (who passes every permission check, so bodies reach the handlers), an agent's token, a page
 * session with its form token, a webhook signed with the source's secret. An approval link is only
 * ever hostile: a valid one needs the server's signing key, which the test cannot see.
 */
class RouteFuzzTest {
  /** The seed of the suite's run; {@code -Dshiplock.fuzz.seed=N} for another. */
  private static final long SEED = Long.getLong("shiplock.fuzz.seed", 20_261_216L);

  /** {@code -Dshiplock.fuzz.verbose=true} prints every case and its answer. */
  private static final boolean VERBOSE = Boolean.getBoolean("shiplock.fuzz.verbose");

  /** Cases with a body per route that takes one; routes without (GET, DELETE) get fewer. */
  private static final int BODY_CASES = 24;

  private static final int BODYLESS_CASES = 4;
  private static final int QUERY_CASES = 8;

  private static final String HOOK_SECRET = "fuzz-hook-secret";

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
      environmentProperties:
        - {name: imageId, default: none}
      processes:
        - {name: deploy, steps: [{name: mark, type: version.status.add, with: {status: Passed}}]}
        - {name: shell, steps: [{name: sh, type: shell, with: {argv: ["true"]}}]}
      ---
      kind: Component
      name: Hooked
      properties:
        hookSecret: {secure: true, value: "HOOK_SECRET"}
      ---
      kind: Source
      name: hooked-git
      component: Hooked
      git: {url: "file:///nonexistent/repo.git", branch: main}
      webhookSecret: hookSecret
      ---
      kind: Application
      name: Shop
      components: [Svc]
      processes:
        - {name: deploy, steps: [{name: install, type: component.install, with: {component: Svc, process: deploy}}]}
        - {name: run, steps: [{name: run, type: component.run, with: {component: Svc, process: shell}}]}
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
      ---
      kind: Trigger
      name: on-passed
      application: Shop
      component: Svc
      when: statusAdded
      status: Passed
      process: deploy
      environment: Test
      paused: true
      ---
      kind: Schedule
      name: nightly-test
      application: Shop
      environment: Test
      process: deploy
      cron: "0 22 * * *"
      paused: true
      ---
      kind: Blackout
      name: long-ago
      application: Shop
      environments: [Test]
      from: 2001-01-01T00:00Z
      until: 2001-01-02T00:00Z
      """
          .replace("HOOK_SECRET", HOOK_SECRET);

  private static TestServer server;
  private static String admin;
  private static String agent;
  private static String session;
  private static String noRoles;
  private static String csrf;
  private static String digest;
  private static long versionId;
  private static long waitingRequest;
  private static long agentStep;
  private static long cancelableRequest;

  /** What the revoke routes revoke: tokens of their own, never the ones the cases use. */
  private static long victimToken;

  private static long victimAgentToken;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static long startNanos;
  private static int totalCases;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer("h2");
    admin = server.adminToken();
    ok(server.apply(admin, List.of(new SourceFile("fuzz.yaml", CONFIG))));
    victimToken =
        ok(server.send("POST", "/api/v1/tokens", admin, "{\"name\": \"victim\"}"))
            .json()
            .get("id")
            .asLong();
    // 'leaver' is whose tokens the revoke-all route revokes: no case uses them.
    for (String u : List.of("rita", "fuzzer", "nobody", "leaver"))
      ok(
          server.send(
              "POST",
              "/api/v1/users",
              admin,
              "{\"name\": \"" + u + "\", \"password\": \"" + u + "-password-12\"}"));
    noRoles =
        ok(server.send(
                "POST",
                "/api/v1/login",
                null,
                "{\"user\": \"nobody\", \"password\": \"nobody-password-12\"}"))
            .json()
            .get("token")
            .asText();
    // A version with one file, deployed to Test (which gives it Passed).
    byte[] content = "hello fuzz\n".getBytes(StandardCharsets.UTF_8);
    digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    var put =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/blobs/" + digest))
                .header("Authorization", "Bearer " + admin)
                .PUT(BodyPublishers.ofByteArray(content))
                .build(),
            BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    ok(
        server.send(
            "POST",
            "/api/v1/components/Svc/versions",
            admin,
            "{\"name\": \"1.0\", \"files\": [{\"path\": \"a.txt\", \"digest\": \""
                + digest
                + "\", \"size\": "
                + content.length
                + ", \"executable\": false}]}"));
    versionId =
        server.server().store().read(r -> r.versions().find("Svc", "1.0")).orElseThrow().id();
    long deployed = request("Test", "deploy");
    await().atMost(Duration.ofSeconds(20)).until(() -> state(deployed).equals("SUCCEEDED"));
    waitingRequest = request("Prod", "deploy");
    cancelableRequest = request("Prod", "deploy");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                state(waitingRequest).equals("WAITING_APPROVAL")
                    && state(cancelableRequest).equals("WAITING_APPROVAL"));
    // An agent that has claimed a step: the agent routes reach a step of its own.
    agent = server.agentToken(admin, "worker");
    String victimAgent = server.agentToken(admin, "worker");
    for (JsonNode t : server.send("GET", "/api/v1/agents/worker/tokens", admin, null).json())
      if (victimAgent.startsWith(t.get("prefix").asText())) victimAgentToken = t.get("id").asLong();
    assertThat(victimAgentToken).isPositive();
    ok(
        server.send(
            "POST",
            "/api/v1/agent/hello",
            agent,
            "{\"host\": \"h\", \"version\": \"t\", \"instance\": \"i-1\", \"steps\": [\"shell\"]}"));
    request("Test", "run");
    JsonNode item = null;
    for (int i = 0; i < 5 && item == null; i++) {
      JsonNode work = ok(server.send("GET", "/api/v1/agent/work?wait=5", agent, null)).json();
      if (!work.get("work").isEmpty()) item = work.get("work").get(0);
    }
    assertThat(item).as("the agent's work").isNotNull();
    agentStep = item.get("stepId").asLong();
    // A page session and its form token.
    var login =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    BodyPublishers.ofString(
                        "user=admin&password=" + TestServer.ADMIN_PASSWORD + "&next=%2Fui"))
                .build(),
            BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    session =
        login.headers().firstValue("Set-Cookie").orElseThrow().split(";", -1)[0].substring(17);
    var home =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/ui"))
                .header("Cookie", "shiplock_session=" + session)
                .build(),
            BodyHandlers.ofString());
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(home.body());
    assertThat(m.find()).as(home.body()).isTrue();
    csrf = m.group(1);
    startNanos = System.nanoTime();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static TestServer.Response ok(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 299);
    return r;
  }

  private static long request(String env, String process) {
    return ok(server.send(
            "POST",
            "/api/v1/requests",
            admin,
            "{\"application\": \"Shop\", \"environment\": \""
                + env
                + "\", \"process\": \""
                + process
                + "\", \"versions\": {\"Svc\": \"1.0\"}}"))
        .json()
        .get("id")
        .asLong();
  }

  private static String state(long id) {
    return server.send("GET", "/api/v1/requests/" + id, admin, null).json().get("state").asText();
  }

  // ---------------------------------------------------------------------------------------------
  // The routes, in order

  /**
   * Routes that could wreck the cases after them run last: a new instance in an agent's hello
   * restarts the agent (its claimed step fails), a mutated configuration may remove the objects the
   * other routes use (prune), logging out ends the page session, and udclient's logout revokes the
   * token the cases are sent with.
   */
  private static int lateness(Route r) {
    return switch (r.method() + " " + r.path()) {
      case "POST /api/v1/agent/hello" -> 1;
      case "POST /api/v1/config/apply" -> 2;
      case "POST /ui/logout" -> 3;
      case "PUT /cli/teamsecurity/logout" -> 4;
      default -> 0;
    };
  }

  @TestFactory
  Stream<DynamicTest> everyRouteAnswersGarbageWithLessThan500() {
    List<Route> routes =
        server.server().api().routes().stream()
            .sorted(Comparator.comparingInt(RouteFuzzTest::lateness))
            .toList();
    return Stream.concat(
        routes.stream()
            .map(r -> DynamicTest.dynamicTest(r.method() + " " + r.path(), () -> fuzz(r))),
        Stream.of(
            DynamicTest.dynamicTest(
                "the server still answers",
                () -> {
                  System.out.printf(
                      Locale.ROOT,
                      "route fuzz: %d cases on %d routes in %.1f s (seed %d)%n",
                      totalCases,
                      routes.size(),
                      (System.nanoTime() - startNanos) / 1e9,
                      SEED);
                  assertThat(server.send("GET", "/healthz", null, null).status()).isEqualTo(200);
                  assertThat(server.send("GET", "/readyz", null, null).status()).isEqualTo(200);
                  // udclient's logout, run last, revoked the token the cases used: a new login.
                  assertThat(
                          server.send("GET", "/api/v1/whoami", server.adminToken(), null).status())
                      .isEqualTo(200);
                })));
  }

  /** One request of the fuzz: what was sent, and why (for the failure message). */
  // Never compared or hashed: the bytes are only sent.
  @SuppressWarnings("ArrayRecordComponent")
  private record Case(
      int index,
      String what,
      String method,
      String target,
      String contentType,
      byte[] body,
      boolean raw,
      String caller) {
    /** A case sent as the route's own caller (the administrator for the API). */
    Case(
        int index, String what, String method, String target, String ct, byte[] body, boolean raw) {
      this(index, what, method, target, ct, body, raw, null);
    }
  }

  private static void fuzz(Route r) {
    String key = r.method() + " " + r.path();
    // A heartbeat: an agent silent for 15 s is lost and its step fails, and the agent routes
    // reach more of the engine while the claimed step is alive.
    server.send("GET", "/api/v1/agent/work?wait=0&running=" + agentStep, agent, null);
    Random rnd = new Random(SEED * 31 + key.hashCode());
    List<Case> cases = cases(r, rnd);
    List<String> failures = new ArrayList<>();
    int validStatus = 0;
    for (Case c : cases) {
      String answer;
      int status;
      try {
        Sent sent;
        try {
          sent = c.raw() ? sendRaw(r, c) : send(r, c);
        } catch (HttpTimeoutException e) {
          throw e;
        } catch (IOException e) {
          // Jetty closes the connection after its own 400 for a malformed address without
          // saying so (no 'Connection: close'); the client's next request on it is never read.
          // Sent again once, on a new connection (a client of its own: the shared one could hand
          // out another pooled connection the server has just closed as idle): a request that
          // breaks the server fails again.
          if (c.raw()) sent = sendRaw(r, c);
          else
            try (HttpClient fresh =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
              sent = send(r, c, fresh);
            }
        }
        status = sent.status();
        answer = sent.body();
      } catch (IOException e) {
        status = 599;
        answer = "no answer: " + e;
      }
      if (VERBOSE)
        System.out.printf(
            "fuzz %s | %d %s | %s %s -> %d %s%n",
            key,
            c.index(),
            c.what(),
            c.method(),
            shorten(c.target()),
            status,
            shorten(answer).replace("\\u000a", " "));
      if (c.index() == 0) validStatus = status;
      if (status >= 500)
        failures.add(
            "case "
                + c.index()
                + " ("
                + c.what()
                + "): "
                + c.method()
                + " "
                + shorten(c.target())
                + (c.contentType() == null ? "" : " [" + c.contentType() + "]")
                + " body "
                + (c.body() == null
                    ? "none"
                    : shorten(new String(c.body(), StandardCharsets.UTF_8)))
                + "\n    -> "
                + status
                + " "
                + shorten(answer));
    }
    totalCases += cases.size();
    // Not a fuzz of the authentication alone: the valid request gets past it.
    if (validStatus == 401 && r.access() != Access.LINK)
      fail(key + ": the valid request answered 401; the cases did not reach the handler");
    if (!failures.isEmpty())
      fail(
          key
              + ": "
              + failures.size()
              + " of "
              + cases.size()
              + " cases answered 5xx (seed "
              + SEED
              + "; rerun: mvn -pl shiplock-server surefire:test -Dtest=RouteFuzzTest"
              + " -Dshiplock.fuzz.seed="
              + SEED
              + ")\n  "
              + String.join("\n  ", failures.subList(0, Math.min(failures.size(), 12))));
  }

  private static String shorten(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(240)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f || (cp >= 0xd800 && cp <= 0xdfff))
                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
              else b.appendCodePoint(cp);
            });
    if (s.length() > 240) b.append("…(").append(s.length()).append(" chars)");
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  private record Sent(int status, String body) {}

  private static void authorize(Route r, Case c, BiConsumer<String, String> h) {
    if (c.caller() != null) {
      h.accept("Authorization", "Bearer " + c.caller());
      return;
    }
    switch (r.access()) {
      case AUTHENTICATED -> h.accept("Authorization", "Bearer " + admin);
      case AGENT -> h.accept("Authorization", "Bearer " + agent);
      case SESSION -> h.accept("Cookie", "shiplock_session=" + session);
      case HOOK -> {
        // Signed (GitLab's shared token), with a delivery id of its own: the body is read.
        h.accept("X-Gitlab-Token", HOOK_SECRET);
        h.accept("X-Gitlab-Event-UUID", "fuzz-" + SEED + "-" + c.index() + "-" + System.nanoTime());
      }
      case PUBLIC, LINK -> {}
    }
  }

  private static Sent send(Route r, Case c) throws IOException {
    return send(r, c, HTTP);
  }

  private static Sent send(Route r, Case c, HttpClient client) throws IOException {
    var b =
        HttpRequest.newBuilder(URI.create(server.url() + c.target()))
            .timeout(Duration.ofSeconds(20))
            .method(
                c.method(),
                c.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(c.body()));
    if (c.contentType() != null) b.header("Content-Type", c.contentType());
    authorize(r, c, b::header);
    try {
      var resp = client.send(b.build(), BodyHandlers.ofInputStream());
      try (InputStream in = resp.body()) {
        // A stream of server-sent events does not end: its status is the answer.
        if (resp.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"))
          return new Sent(resp.statusCode(), "(event stream)");
        return new Sent(resp.statusCode(), new String(in.readNBytes(4096), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A request the HTTP client would not send (a malformed escape in the address). */
  private static Sent sendRaw(Route r, Case c) throws IOException {
    URI base = URI.create(server.url());
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(20_000);
      StringBuilder req =
          new StringBuilder(c.method())
              .append(' ')
              .append(c.target())
              .append(" HTTP/1.1\r\nHost: ")
              .append(base.getHost())
              .append(':')
              .append(base.getPort())
              .append("\r\nConnection: close\r\n");
      authorize(r, c, (k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      byte[] body = c.body() == null ? new byte[0] : c.body();
      if (c.contentType() != null)
        req.append("Content-Type: ").append(c.contentType()).append("\r\n");
      req.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      // The status line only: an event stream's answer does not end.
      InputStream in = s.getInputStream();
      StringBuilder headLine = new StringBuilder();
      for (int ch = in.read(); ch >= 0 && ch != '\n' && headLine.length() < 512; ch = in.read())
        headLine.append((char) ch);
      String head = headLine.toString();
      Matcher m = Pattern.compile("^HTTP/1\\.[01] (\\d{3})").matcher(head);
      if (!m.find()) throw new IOException("not an HTTP answer: " + head);
      return new Sent(Integer.parseInt(m.group(1)), head);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Path parameters

  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

  /** Hostile path values, as they appear in the address (percent-encoded). */
  private static final List<String> HOSTILE =
      List.of(
          "x",
          "-1",
          "0",
          "99999999999999999999",
          "%00",
          "a".repeat(3000),
          "..%2F..",
          "%2e%2e",
          "%E2%98%83%F0%9F%9A%80",
          "%ED%A0%80",
          "%FF%FE",
          "%20",
          "%3Cscript%3E",
          "1.0%0A",
          "sha256:" + "0".repeat(64));

  /** A real value of each path parameter: the objects made before the fuzz. */
  private static String real(String path, String param) {
    return switch (param) {
      case "application" -> "Shop";
      case "component", "comp" -> "Svc";
      case "inactive" -> "false";
      case "snapshot" -> "nightly"; // none exists: the valid request is a clean 404
      case "version" -> "1.0";
      case "status" -> "Passed";
      case "digest" -> digest;
      case "file" -> "shiplock.css";
      case "source" -> "hooked-git";
      case "link" -> "x"; // no valid link: see the class comment
      case "def" -> "components&x&versionPropSheetDef.-1";
      // No version has this id: the valid delete is a clean 404 and deletes nothing others use.
      case "versionId" -> "5a1c0000-0000-4000-8000-000000000000";
      case "name" -> {
        if (path.contains("/environments/{name}")) yield "Test";
        if (path.startsWith("/api/v1/agents/")) yield "worker";
        yield switch (path) {
          case "/api/v1/statuses/{name}" -> "Passed";
          case "/api/v1/components/{name}" -> "Svc";
          case "/api/v1/applications/{name}" -> "Shop";
          case "/api/v1/roles/{name}" -> "approver";
          case "/api/v1/teams/{name}" -> "release-managers";
          case "/api/v1/sources/{name}" -> "hooked-git";
          case "/api/v1/triggers/{name}" -> "on-passed";
          case "/api/v1/schedules/{name}" -> "nightly-test";
          case "/api/v1/blackouts/{name}" -> "long-ago";
          case "/api/v1/users/{name}/tokens" -> "leaver";
          default -> throw new IllegalStateException("RouteFuzzTest.real: no {name} for " + path);
        };
      }
      case "id" -> {
        if (path.startsWith("/api/v1/tokens/")) yield String.valueOf(victimToken);
        if (path.startsWith("/api/v1/agent-tokens/")) yield String.valueOf(victimAgentToken);
        if (path.startsWith("/api/v1/agent/versions/")) yield String.valueOf(versionId);
        if (path.startsWith("/api/v1/agent/steps/") || path.startsWith("/api/v1/steps/"))
          yield String.valueOf(agentStep);
        // Cancel has a request of its own: the approval routes still find theirs waiting.
        if (path.endsWith("/cancel")) yield String.valueOf(cancelableRequest);
        if (path.startsWith("/api/v1/requests/") || path.startsWith("/ui/requests/"))
          yield String.valueOf(waitingRequest);
        throw new IllegalStateException("RouteFuzzTest.real: no {id} for " + path);
      }
      default ->
          throw new IllegalStateException(
              "RouteFuzzTest.real: give path parameter {" + param + "} of " + path + " a value");
    };
  }

  private static List<String> params(String path) {
    List<String> out = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  /** The path with {@code param} as {@code value} and every other parameter real. */
  private static String path(String path, String param, String value) {
    Matcher m = PARAM.matcher(path);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String v =
          m.group(1).equals(param)
              ? value
              : URLEncoder.encode(real(path, m.group(1)), StandardCharsets.UTF_8)
                  .replace("+", "%20");
      m.appendReplacement(b, Matcher.quoteReplacement(v));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** What a route's address always carries: an agent's poll must not wait. */
  private static String baseQuery(Route r) {
    return r.path().equals("/api/v1/agent/work") ? "wait=0" : null;
  }

  private static String withQuery(String path, String query) {
    return query == null ? path : path + "?" + query;
  }

  // ---------------------------------------------------------------------------------------------
  // Bodies

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";

  /**
   * A valid body of each route that takes one (JSON, a form, or bytes). {@code #N#} is the case's
   * index: a name that must be new is new in every case, so the checks after it are reached.
   */
  private static String valid(Route r) {
    return switch (r.method() + " " + r.path()) {
      // The token name first: the sweep of the password locks the user out for a minute.
      case "POST /api/v1/login" ->
          "{\"tokenName\": \"f\", \"user\": \"fuzzer\", \"password\": \"fuzzer-password-12\"}";
      case "POST /api/v1/tokens" -> "{\"name\": \"fuzz#N#\", \"expiresIn\": \"1h\"}";
      case "POST /api/v1/config/plan", "POST /api/v1/config/apply" -> {
        try {
          yield Json.MAPPER.writeValueAsString(
              Map.of(
                  "files",
                  List.of(Map.of("name", "fuzz.yaml", "content", CONFIG)),
                  "prune",
                  false));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      case "POST /api/v1/components/{component}/versions" ->
          "{\"name\": \"2.#N#\", \"description\": \"d\", \"properties\": {\"k\": \"v\"},"
              + " \"files\": [{\"path\": \"a.txt\", \"digest\": \""
              + digest
              + "\", \"size\": 11, \"executable\": false}]}";
      case "POST /api/v1/hooks/git/{source}" ->
          "{\"ref\": \"refs/heads/main\", \"after\": \"0000000000000000000000000000000000000000\"}";
      case "POST /api/v1/blobs/missing" -> "{\"digests\": [\"" + digest + "\"]}";
      case "PUT /api/v1/blobs/{digest}" -> "hello fuzz\n";
      case "POST /api/v1/agents/{name}/tokens" -> "{}";
      case "POST /api/v1/requests" ->
          "{\"application\": \"Shop\", \"environment\": \"Test\", \"process\": \"deploy\","
              + " \"versions\": {\"Svc\": \"1.0\"}, \"properties\": {\"a\": \"b\"}}";
      case "POST /api/v1/requests/{id}/approve", "POST /api/v1/requests/{id}/reject" ->
          "{\"comment\": \"fine\"}";
      case "POST /api/v1/users" ->
          "{\"name\": \"fuzzuser#N#\", \"email\": \"f@example.com\","
              + " \"password\": \"fuzz-password-12\", \"admin\": false}";
      case "POST /api/v1/agent/hello" ->
          "{\"host\": \"h\", \"version\": \"t\", \"instance\": \"i-1\", \"steps\": [\"shell\"]}";
      case "POST /api/v1/agent/steps/{id}/started" -> "{\"attempt\": 1}";
      case "POST /api/v1/agent/steps/{id}/log" ->
          "{\"attempt\": 1, \"seq\": 0, \"data\": \"line\\n\"}";
      case "POST /api/v1/agent/steps/{id}/result" ->
          "{\"attempt\": 1, \"state\": \"SUCCEEDED\", \"outputs\": {\"k\": \"v\"},"
              + " \"message\": \"ok\", \"log\": {\"attempt\": 1, \"seq\": 1, \"data\": \"t\"}}";
      case "POST /ui/login" -> "user=fuzzer&password=fuzzer-password-12&next=%2Fui";
      case "POST /ui/logout" -> "csrf=" + csrf;
      case "POST /ui/apps/{application}/requests" ->
          "csrf=" + csrf + "&environment=Test&process=deploy&version%3ASvc=1.0";
      case "POST /ui/requests/{id}/cancel" -> "csrf=" + csrf + "&confirm=yes";
      case "POST /ui/approvals" ->
          "csrf=" + csrf + "&request=" + waitingRequest + "&decision=approve&comment=ok";
      case "POST /approve/{link}" -> "decision=approve&comment=ok";
      default -> null;
    };
  }

  /** Routes that read a form (the pages, the login form, an approval link's decision). */
  private static boolean takesForm(Route r) {
    return r.method().name().equals("POST")
        && (r.access() == Access.SESSION
            || r.access() == Access.LINK
            || r.path().equals("/ui/login"));
  }

  private static boolean takesBody(Route r) {
    return !r.method().name().equals("GET") && !r.method().name().equals("DELETE");
  }

  private static final List<String> FIELDS =
      List.of(
          "name",
          "application",
          "environment",
          "process",
          "versions",
          "properties",
          "files",
          "digests",
          "attempt",
          "seq",
          "data",
          "state",
          "outputs",
          "message",
          "log",
          "instance",
          "steps",
          "comment",
          "user",
          "password",
          "tokenName",
          "expiresIn",
          "email",
          "admin",
          "prune",
          "content",
          "path",
          "digest",
          "size",
          "executable",
          "description",
          "ref",
          "host",
          "version",
          "component",
          "__proto__",
          "");

  /** JSON string contents (escaped as in a JSON text). */
  private static final List<String> STRINGS =
      List.of(
          "",
          "x",
          " ",
          "\\u0000",
          "a\\u0000b",
          "\\ud800",
          "\\udc00x\\ud800",
          "\\u2603\\ud83d\\ude80",
          "../../../etc/passwd",
          "<script>alert(1)</script>",
          "${p:environment/pw}",
          "%00",
          "1.0",
          "Shop",
          "Svc",
          "Test",
          "Prod",
          "deploy",
          "run",
          "Passed",
          "worker",
          "admin",
          "SUCCEEDED",
          "FAILED",
          "RUNNING",
          "approve",
          "-1",
          "99999999999999999999",
          "1h",
          "0s",
          "-5m",
          "999999999999d",
          "99999999999999999999h",
          "P1D",
          "2026-13-45T99:99:99Z",
          "+1000000000-01-01T00:00:00Z",
          "sha256:" + "0".repeat(64),
          "sha256:xyz",
          "\\n\\r\\t",
          "refs/heads/main",
          "a@b",
          "x".repeat(300),
          "y".repeat(5000),
          "z".repeat(70_000));

  private static final List<String> NUMBERS =
      List.of(
          "99999999999999999999",
          "-99999999999999999999",
          "1e309",
          "-1e309",
          "1e-400",
          "2147483648",
          "-2147483649",
          "9223372036854775808",
          "0.5",
          "-0",
          "-1",
          "0",
          "1".repeat(1100),
          "3.4028236e38");

  private static final List<String> INVALID =
      List.of(
          "{",
          "}",
          "[",
          "{\"a\"",
          "{\"a\":}",
          "{'a': 1}",
          "{a: 1}",
          "[1,]",
          "{\"a\": 1,}",
          "nul",
          "tru",
          "\"unterminated",
          "/* c */ {}",
          "\uFEFF{}",
          "{}{}",
          "{} trailing",
          "NaN",
          "Infinity",
          "-",
          "0x10",
          "\"\\x\"",
          "\"\\u12\"",
          "1e99999",
          "{\"name\": \"a\", \"name\": \"b\"}",
          "null",
          "[]",
          "\"a string\"",
          "42",
          "true");

  private static String pick(Random rnd, List<String> from) {
    return from.get(rnd.nextInt(from.size()));
  }

  /** A random JSON value as text: wrong types, huge numbers, odd strings, nesting. */
  private static String randomJson(Random rnd, int depth, List<String> keys) {
    int kind = rnd.nextInt(depth >= 3 ? 6 : 8);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> rnd.nextBoolean() ? "true" : "false";
      case 2 -> String.valueOf(rnd.nextInt(2001) - 1000);
      case 3 -> pick(rnd, NUMBERS);
      case 4, 5 -> "\"" + pick(rnd, STRINGS) + "\"";
      case 6 -> {
        StringBuilder b = new StringBuilder("[");
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++)
          b.append(i == 0 ? "" : ",").append(randomJson(rnd, depth + 1, keys));
        yield b.append(']').toString();
      }
      default -> randomObject(rnd, depth, keys);
    };
  }

  private static String randomObject(Random rnd, int depth, List<String> keys) {
    StringBuilder b = new StringBuilder("{");
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      String k = rnd.nextInt(3) > 0 && !keys.isEmpty() ? pick(rnd, keys) : pick(rnd, FIELDS);
      b.append(i == 0 ? "" : ",")
          .append('"')
          .append(k)
          .append("\":")
          .append(randomJson(rnd, depth + 1, keys));
    }
    return b.append('}').toString();
  }

  private static String deep(Random rnd) {
    int n = 10_000;
    return switch (rnd.nextInt(4)) {
      case 0 -> "[".repeat(n) + "]".repeat(n);
      case 1 -> "[".repeat(n);
      case 2 -> "{\"a\":".repeat(n) + "1" + "}".repeat(n);
      default ->
          "{\"application\": \"Shop\", \"environment\": \"Test\", \"process\": \"deploy\","
              + " \"versions\": "
              + "[".repeat(n)
              + "]".repeat(n)
              + "}";
    };
  }

  /** The field names of a JSON body, at any depth. */
  private static List<String> keysOf(String json) {
    List<String> keys = new ArrayList<>();
    try {
      JsonNode n = Json.MAPPER.readTree(json);
      collectKeys(n, keys);
    } catch (IOException | RuntimeException e) {
      // not JSON: no keys
    }
    return keys;
  }

  private static void collectKeys(JsonNode n, List<String> keys) {
    if (n == null) return;
    for (var e : n.properties()) {
      keys.add(e.getKey());
      collectKeys(e.getValue(), keys);
    }
    for (JsonNode c : n) if (c.isContainerNode()) collectKeys(c, keys);
  }

  private static final String HOLE = "fuzz-hole-7f3a9c";

  /** A valid body changed: a field dropped, nulled, of another type, added; the text cut. */
  private static String mutate(Random rnd, String valid) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(valid);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> keys = keysOf(valid);
    int op = rnd.nextInt(8);
    if (op == 0) return valid.substring(0, rnd.nextInt(Math.max(1, valid.length())));
    if (op == 1)
      return valid.replaceFirst(
          "\\{", "{\"" + pick(rnd, keys.isEmpty() ? FIELDS : keys) + "\": 1, ");
    if (op == 2) return rnd.nextBoolean() ? "[" + valid + "]" : "{\"body\": " + valid + "}";
    // The places of the tree: objects and arrays, with a field or index in each.
    List<JsonNode> containers = new ArrayList<>();
    collectContainers(root, containers);
    JsonNode at = containers.get(rnd.nextInt(containers.size()));
    String fill = randomJson(rnd, 1, keys);
    if (at instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.properties().forEach(e -> names.add(e.getKey()));
      String field = names.isEmpty() || op == 3 ? pick(rnd, FIELDS) + "x" : pick(rnd, names);
      switch (op) {
        case 4 -> o.remove(field);
        case 5 -> o.putNull(field);
        default -> o.put(field, HOLE);
      }
    } else if (at instanceof ArrayNode a) {
      if (a.isEmpty() || op == 3) a.add(HOLE);
      else if (op == 4) a.remove(rnd.nextInt(a.size()));
      else a.set(rnd.nextInt(a.size()), JsonNodeFactory.instance.textNode(HOLE));
    }
    try {
      return Json.MAPPER.writeValueAsString(root).replace("\"" + HOLE + "\"", fill);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collectContainers(JsonNode n, List<JsonNode> out) {
    if (!n.isContainerNode()) return;
    out.add(n);
    for (JsonNode c : n) collectContainers(c, out);
  }

  /** What each place of a valid body is set to, as JSON text. */
  private static final List<String> SWEEP_VALUES =
      List.of(
          "null",
          "99999999999999999999",
          "-1",
          "true",
          "[]",
          "{}",
          "\"\"",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"" + "x".repeat(300) + "\"",
          "\"" + "z".repeat(70_000) + "\"");

  /** What each field name of a valid body is renamed to, as JSON text. */
  private static final List<String> SWEEP_KEYS =
      List.of("\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"" + "k".repeat(300) + "\"");

  /** The valid body with each place (a field, an element) hostile, and each field name. */
  private static List<String> sweepJson(String valid) {
    List<String> out = new ArrayList<>();
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(valid);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<JsonPointer> places = new ArrayList<>();
    collectPlaces(root, JsonPointer.empty(), places);
    for (JsonPointer place : places) {
      for (String value : SWEEP_VALUES) out.add(replaced(root, place, false, value));
      if (root.at(place.head()).isObject())
        for (String key : SWEEP_KEYS) out.add(replaced(root, place, true, key));
    }
    return out;
  }

  private static void collectPlaces(JsonNode n, JsonPointer at, List<JsonPointer> out) {
    if (n.isObject())
      for (var e : n.properties()) {
        JsonPointer p = at.appendProperty(e.getKey());
        out.add(p);
        collectPlaces(e.getValue(), p, out);
      }
    else if (n.isArray())
      for (int i = 0; i < n.size(); i++) {
        JsonPointer p = at.appendIndex(i);
        out.add(p);
        collectPlaces(n.get(i), p, out);
      }
  }

  /** {@code root} with the value (or the field name) at {@code place} as {@code text}. */
  private static String replaced(JsonNode root, JsonPointer place, boolean name, String text) {
    JsonNode copy = root.deepCopy();
    JsonNode parent = copy.at(place.head());
    if (parent instanceof ObjectNode o) {
      String field = place.last().getMatchingProperty();
      if (name) {
        JsonNode v = o.remove(field);
        o.set(HOLE, v);
      } else o.put(field, HOLE);
    } else if (parent instanceof ArrayNode a) {
      a.set(place.last().getMatchingIndex(), JsonNodeFactory.instance.textNode(HOLE));
    }
    try {
      return Json.MAPPER.writeValueAsString(copy).replace("\"" + HOLE + "\"", text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What each form field's value, then its name, is set to (encoded). */
  private static final List<String> FORM_SWEEP =
      List.of(
          "",
          "%00",
          "%ED%A0%80",
          "-1",
          "99999999999999999999",
          "x".repeat(300),
          "z".repeat(70_000));

  private static List<String> sweepForm(String valid) {
    List<String> out = new ArrayList<>();
    String[] fields = valid.split("&", -1);
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].substring(0, Math.max(0, fields[i].indexOf('=')));
      for (String v : FORM_SWEEP) {
        String[] copy = fields.clone();
        copy[i] = name + "=" + v;
        out.add(String.join("&", copy));
        if (v.length() < 1000) {
          copy[i] = v + fields[i].substring(name.length());
          out.add(String.join("&", copy));
        }
      }
    }
    return out;
  }

  /** Bytes that are not UTF-8. */
  private static byte[] notUtf8(Random rnd) {
    byte[][] choices = {
      {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
      {
        '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
      },
      {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0},
      {0, 0, 0, 0},
    };
    byte[] random = new byte[1 + rnd.nextInt(64)];
    rnd.nextBytes(random);
    return rnd.nextInt(3) == 0 ? random : choices[rnd.nextInt(choices.length)];
  }

  private static final List<String> CONTENT_TYPES =
      List.of(
          "text/plain",
          FORM,
          "multipart/form-data; boundary=zz",
          "multipart/form-data",
          "application/xml",
          "application/json; charset=utf-16",
          "application/json; charset=bogus",
          "application/json; charset=\"",
          "*/*",
          "garbage");

  private static final List<String> FORM_FIELDS =
      List.of(
          "csrf",
          "environment",
          "process",
          "version:Svc",
          "version:",
          "request",
          "decision",
          "comment",
          "confirm",
          "user",
          "password",
          "next",
          "");

  private static final List<String> FORM_VALUES =
      List.of(
          "",
          "x",
          "-1",
          "99999999999999999999",
          "Test",
          "Prod",
          "deploy",
          "1.0",
          "approve",
          "reject",
          "yes",
          "admin",
          "/ui",
          "//evil.example",
          "\u0000",
          "\u2603\uD83D\uDE80",
          "<script>",
          "a".repeat(5000));

  private static String form(Random rnd) {
    StringBuilder b = new StringBuilder();
    if (rnd.nextInt(3) > 0) b.append("csrf=").append(csrf);
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (!b.isEmpty()) b.append('&');
      String f = pick(rnd, FORM_FIELDS);
      String v =
          f.equals("request") && rnd.nextBoolean() ? "" + waitingRequest : pick(rnd, FORM_VALUES);
      b.append(URLEncoder.encode(f, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static final List<String> BAD_FORMS =
      List.of("%", "a=%zz", "a=%E0%A4", "=&=&", "&&&", "a=b=c", "csrf", "%ED%A0%80=1");

  private static String multipart(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 ->
          "--zz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--zz--\r\n";
      case 1 -> "--zz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf;
      case 2 -> "--zz\r\n\r\n\r\n";
      default -> "not multipart at all";
    };
  }

  private static Case bodyCase(Route r, Random rnd, int index, String target) {
    String method = r.method().name();
    String valid = valid(r);
    boolean form = takesForm(r);
    int k = rnd.nextInt(100);
    if (form) {
      if (k < 45)
        return new Case(index, "random form", method, target, FORM, bytes(form(rnd)), false);
      if (k < 60)
        return new Case(
            index, "malformed form", method, target, FORM, bytes(pick(rnd, BAD_FORMS)), false);
      if (k < 75)
        return new Case(
            index,
            "multipart",
            method,
            target,
            rnd.nextBoolean() ? "multipart/form-data; boundary=zz" : "multipart/form-data",
            bytes(multipart(rnd)),
            false);
      if (k < 85)
        return new Case(
            index,
            "JSON to a form",
            method,
            target,
            JSON,
            bytes(randomObject(rnd, 0, FORM_FIELDS)),
            false);
      if (k < 92) return new Case(index, "empty form", method, target, FORM, new byte[0], false);
      return new Case(
          index,
          "valid form, other type",
          method,
          target,
          pick(rnd, CONTENT_TYPES),
          bytes(valid == null ? "" : valid),
          false);
    }
    List<String> keys = valid == null ? List.of() : keysOf(valid);
    if (k < 30 && valid != null && !keys.isEmpty())
      return new Case(index, "mutated", method, target, JSON, bytes(mutate(rnd, valid)), false);
    if (k < 40)
      return new Case(
          index, "random object", method, target, JSON, bytes(randomObject(rnd, 0, keys)), false);
    if (k < 55)
      return new Case(
          index, "random value", method, target, JSON, bytes(randomJson(rnd, 0, keys)), false);
    if (k < 67)
      return new Case(
          index, "invalid JSON", method, target, JSON, bytes(pick(rnd, INVALID)), false);
    if (k < 72) return new Case(index, "not UTF-8", method, target, JSON, notUtf8(rnd), false);
    if (k < 77)
      return new Case(index, "deep nesting", method, target, JSON, bytes(deep(rnd)), false);
    if (k < 82)
      return new Case(
          index,
          "empty",
          method,
          target,
          rnd.nextBoolean() ? JSON : null,
          bytes(rnd.nextBoolean() ? "" : " \n"),
          false);
    if (k < 92)
      return new Case(
          index,
          "other content type",
          method,
          target,
          pick(rnd, CONTENT_TYPES),
          bytes(valid != null ? valid : randomObject(rnd, 0, keys)),
          false);
    // Every field of the valid body, each of a random type.
    StringBuilder b = new StringBuilder("{");
    List<String> top = valid == null ? List.of() : topKeys(valid);
    for (int i = 0; i < top.size(); i++)
      b.append(i == 0 ? "" : ",")
          .append('"')
          .append(top.get(i))
          .append("\":")
          .append(randomJson(rnd, 1, keys));
    return new Case(
        index,
        "fields of other types",
        method,
        target,
        JSON,
        bytes(b.append('}').toString()),
        false);
  }

  private static List<String> topKeys(String json) {
    List<String> out = new ArrayList<>();
    try {
      Json.MAPPER.readTree(json).properties().forEach(e -> out.add(e.getKey()));
    } catch (IOException | RuntimeException e) {
      // not a JSON object
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final List<String> QUERY_NAMES =
      List.of(
          "since",
          "wait",
          "limit",
          "running",
          "after",
          "environment",
          "resource",
          "component",
          "application",
          "user",
          "action",
          "kind",
          "name",
          "next",
          "confirm");

  private static final List<String> QUERY_VALUES =
      List.of(
          "",
          "abc",
          "-1",
          "0",
          "99999999999999999999",
          "2147483648",
          "1e3",
          "%00",
          "1:1",
          ":",
          "x:y",
          "1:2:3",
          "-5:-5",
          "99999999999:99999999999999999999",
          "1000000000000d",
          "9999999999999999h",
          "-1h",
          "P1D",
          "+1000000000-01-01T00:00:00Z",
          "2026-02-30",
          "%FF",
          "%E2%98%83",
          ",,,",
          "1,x",
          "1,-1,99999999999999999999",
          "a".repeat(2000),
          "..%2F..",
          "Shop",
          "Test",
          "Application",
          "Environment",
          "null",
          "%5B%5D");

  /** Query parameters the pages read (their summaries do not name them). */
  private static final Map<String, List<String>> PAGE_QUERIES =
      Map.of(
          "/ui/login", List.of("next"),
          "/ui/audit", List.of("since", "user", "action"),
          "/ui/settings/object", List.of("kind", "application", "name"),
          "/ui/components/{component}", List.of("limit"));

  private static final Pattern QUERY_NAME = Pattern.compile("[?&]([a-z]+)=");

  /** The query parameters a route reads: those its summary names ("?limit=N"), or a page's. */
  private static List<String> queryNames(Route r) {
    if (!r.method().name().equals("GET")) return List.of();
    List<String> names = new ArrayList<>(PAGE_QUERIES.getOrDefault(r.path(), List.of()));
    Matcher m = QUERY_NAME.matcher(r.summary());
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static String randomQuery(Random rnd, Route r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + rnd.nextInt(3);
    boolean waits = false;
    for (int i = 0; i < n; i++) {
      String name = pick(rnd, QUERY_NAMES);
      waits |= name.equals("wait");
      if (!b.isEmpty()) b.append('&');
      b.append(name).append('=').append(pick(rnd, QUERY_VALUES));
    }
    String base = baseQuery(r);
    if (base != null && !waits) b.append('&').append(base);
    return b.toString();
  }

  private static List<Case> cases(Route r, Random rnd) {
    List<Case> out = new ArrayList<>();
    String method = r.method().name();
    String valid = valid(r);
    boolean form = takesForm(r);
    String ct =
        valid == null
            ? null
            : form ? FORM : r.method().name().equals("PUT") ? "application/octet-stream" : JSON;
    byte[] validBody = valid == null ? null : bytes(valid);
    String realPath = withQuery(path(r.path(), "", ""), baseQuery(r));
    // The valid request, then each path parameter hostile.
    out.add(new Case(out.size(), "valid", method, realPath, ct, validBody, false));
    for (String p : params(r.path()))
      for (String h : HOSTILE)
        out.add(
            new Case(
                out.size(),
                "{" + p + "} hostile",
                method,
                withQuery(path(r.path(), p, h), baseQuery(r)),
                ct,
                validBody,
                false));
    // Each place of the valid body with each hostile value, each field name hostile.
    if (valid != null && form)
      for (String body : sweepForm(valid))
        out.add(
            new Case(out.size(), "form field hostile", method, realPath, FORM, bytes(body), false));
    else if (valid != null && ct.equals(JSON))
      for (String body : sweepJson(valid))
        out.add(new Case(out.size(), "field hostile", method, realPath, JSON, bytes(body), false));
    // Random bodies.
    int n = takesBody(r) ? BODY_CASES : BODYLESS_CASES;
    for (int i = 0; i < n; i++) out.add(bodyCase(r, rnd, out.size(), realPath));
    // Query parameters.
    for (int i = 0; i < QUERY_CASES; i++)
      out.add(
          new Case(
              out.size(),
              "query",
              method,
              path(r.path(), "", "") + "?" + randomQuery(rnd, r),
              ct,
              validBody,
              false));
    // Each query parameter the route reads, with each garbage value.
    for (String name : queryNames(r))
      for (String value : QUERY_VALUES) {
        String base = name.equals("wait") ? null : baseQuery(r);
        out.add(
            new Case(
                out.size(),
                "?" + name + " garbage",
                method,
                path(r.path(), "", "")
                    + "?"
                    + name
                    + "="
                    + value
                    + (base == null ? "" : "&" + base),
                ct,
                validBody,
                false));
      }
    if (method.equals("GET"))
      out.add(new Case(out.size(), "HEAD", "HEAD", realPath, null, null, false));
    // Refused: a user without roles, on the real path and on a long one (a refusal is audited).
    if (r.access() == Access.AUTHENTICATED && r.permission() != null) {
      out.add(new Case(out.size(), "no roles", method, realPath, ct, validBody, false, noRoles));
      for (String p : params(r.path()))
        out.add(
            new Case(
                out.size(),
                "no roles, {" + p + "} long",
                method,
                withQuery(path(r.path(), p, "a".repeat(3000)), baseQuery(r)),
                ct,
                validBody,
                false,
                noRoles));
    }
    // What the HTTP client will not send: malformed escapes in the address.
    List<String> ps = params(r.path());
    for (String bad : List.of("%", "%zz", "%E0%A4"))
      out.add(
          new Case(
              out.size(),
              "malformed address",
              method,
              ps.isEmpty()
                  ? path(r.path(), "", "")
                      + "?limit="
                      + bad
                      + (baseQuery(r) == null ? "" : "&" + baseQuery(r))
                  : withQuery(
                      path(r.path(), ps.get(rnd.nextInt(ps.size())), "a" + bad), baseQuery(r)),
              ct,
              validBody,
              true));
    return out.stream().map(RouteFuzzTest::numbered).toList();
  }

  private static Case numbered(Case c) {
    if (c.body() == null) return c;
    String text = new String(c.body(), StandardCharsets.UTF_8);
    if (!text.contains("#N#")) return c;
    return new Case(
        c.index(),
        c.what(),
        c.method(),
        c.target(),
        c.contentType(),
        bytes(text.replace("#N#", String.valueOf(c.index()))),
        c.raw(),
        c.caller());
  }
}
