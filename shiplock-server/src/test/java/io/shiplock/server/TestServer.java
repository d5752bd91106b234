package io.shiplock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.core.config.SourceFile;
import io.shiplock.server.api.Json;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.server.tls.TlsSettings;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A real server on a free port with a fresh database, and a small HTTP client for it. */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";
  private final ShiplockServer server;
  private final HttpClient client;
  private final String base;

  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  public TestServer(String dialect) {
    this(dialect, Map.of());
  }

  /** A server with this environment (SMTP, webhook settings). */
  public TestServer(String dialect, Map<String, String> env) {
    this(dialect, env, SourceAccess.defaults());
  }

  /** A server whose sources may reach what {@code sources} allows (a file:// root, hosts). */
  public TestServer(String dialect, Map<String, String> env, SourceAccess sources) {
    this(TestDatabases.of(dialect), newHome(), env, sources);
  }

  /** A server on this database and home: several nodes on one database, a home's secret key. */
  public TestServer(DatabaseConfig db, Path home, Map<String, String> env) {
    this(db, home, env, SourceAccess.defaults());
  }

  /** As above, with sources that may reach what {@code sources} allows. */
  public TestServer(DatabaseConfig db, Path home, Map<String, String> env, SourceAccess sources) {
    this(db, home, env, sources, TlsSettings.NONE, null);
  }

  /** A server that serves HTTPS as {@code tls} says; this client trusts {@code clientTrust}. */
  public TestServer(String dialect, TlsSettings tls, SSLContext clientTrust) {
    this(TestDatabases.of(dialect), newHome(), Map.of(), SourceAccess.defaults(), tls, clientTrust);
  }

  private TestServer(
      DatabaseConfig db,
      Path home,
      Map<String, String> env,
      SourceAccess sources,
      TlsSettings tls,
      SSLContext clientTrust) {
    this.db = db;
    this.home = home;
    this.client =
        clientTrust == null
            ? HttpClient.newHttpClient()
            : HttpClient.newBuilder().sslContext(clientTrust).build();
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1", 0, home, db.url(), db.user(), db.password(), ADMIN_PASSWORD, sources, tls);
    server = ShiplockServer.start(settings, env, clock);
    base = settings.url(server.port());
  }

  /** A new, empty home directory. */
  public static Path newHome() {
    try {
      return Files.createTempDirectory("shiplock-test-home");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Another node of {@code first}'s cluster: the same database and home (its keys and blobs), as
   * the nodes of one installation share them.
   */
  public TestServer(TestServer first) {
    this(first.db, first.home, Map.of());
  }

  private final Path home;
  private final DatabaseConfig db;
  private final MovableClock clock = new MovableClock();

  /** The server's clock, which the test may move forward. */
  public MovableClock clock() {
    return clock;
  }

  /** The server's database, for tests that read what was stored. */
  public DatabaseConfig database() {
    return db;
  }

  public ShiplockServer server() {
    return server;
  }

  public String url() {
    return base;
  }

  public String adminToken() {
    Response r =
        send(
            "POST",
            "/api/v1/login",
            null,
            "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    if (r.status() != 200) throw new IllegalStateException("login failed: " + r);
    return r.json().get("token").asText();
  }

  /** Creates a (non-admin) user and answers a token of theirs. */
  public String newUser(String name, String password) {
    server.auth().createUser(name, password, false);
    return login(name, password);
  }

  /** A user's API token, as {@code shiplock login} gets it. */
  public String login(String user, String password) {
    try {
      Response r =
          send(
              "POST",
              "/api/v1/login",
              null,
              Json.MAPPER.writeValueAsString(Map.of("user", user, "password", password)));
      if (r.status() != 200) throw new IllegalStateException("login failed: " + r);
      return r.json().get("token").asText();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies these configuration files as {@code shiplock apply} sends them. */
  public Response apply(String token, List<SourceFile> files) {
    try {
      String body =
          Json.MAPPER.writeValueAsString(
              Map.of(
                  "files",
                  files.stream()
                      .map(f -> Map.of("name", f.name(), "content", f.content()))
                      .toList()));
      return send("POST", "/api/v1/config/apply", token, body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The agent protocol's hello of a shell-running agent (instance {@code i-1}); must be 200. */
  public void hello(String agentToken) {
    Response r =
        send(
            "POST",
            "/api/v1/agent/hello",
            agentToken,
            "{\"host\": \"h\", \"version\": \"t\", \"instance\": \"i-1\", \"steps\": [\"shell\"]}");
    if (r.status() != 200) throw new IllegalStateException("hello refused: " + r);
  }

  /** The agent's report that a step it took ended in {@code state}; must be 200. */
  public void stepEnds(String agentToken, long stepId, String state) {
    Response r =
        send(
            "POST",
            "/api/v1/agent/steps/" + stepId + "/result",
            agentToken,
            "{\"attempt\": 1, \"state\": \"" + state + "\", \"outputs\": {}}");
    if (r.status() != 200) throw new IllegalStateException("result refused: " + r);
  }

  /**
   * The one piece of work waiting for this agent (within one poll: 3.5-5 s), as the agent takes it.
   */
  public JsonNode oneWork(String agentToken) {
    Response r = send("GET", "/api/v1/agent/work?wait=5", agentToken, null);
    JsonNode work = r.status() == 200 ? r.json().get("work") : null;
    if (work == null || work.size() != 1)
      throw new IllegalStateException("expected one piece of work: " + r);
    return work.get(0);
  }

  /**
   * A poll of the agent listing the steps it runs ({@code running}), waiting up to {@code wait}
   * seconds; must be 200. The work items it hands over.
   */
  public List<JsonNode> poll(String agentToken, List<Long> running, int wait) {
    String ids = String.join(",", running.stream().map(String::valueOf).toList());
    Response answer =
        send(
            "GET",
            "/api/v1/agent/work?wait=" + wait + (ids.isEmpty() ? "" : "&running=" + ids),
            agentToken,
            null);
    if (answer.status() != 200) throw new IllegalStateException("poll refused: " + answer);
    List<JsonNode> items = new ArrayList<>();
    answer.json().get("work").forEach(items::add);
    return items;
  }

  /** The agent's side of one step, spoken by a test: takes the work, reports it ended. */
  public void agentEnds(String agentToken, String state) {
    stepEnds(agentToken, oneWork(agentToken).get("stepId").asLong(), state);
  }

  /** A new token for the agent of this name, for an agent process or an in-process Agent. */
  public String agentToken(String token, String agent) {
    Response r = send("POST", "/api/v1/agents/" + agent + "/tokens", token, "{}");
    if (r.status() != 201 && r.status() != 200)
      throw new IllegalStateException("no token for agent " + agent + ": " + r);
    return r.json().get("token").asText();
  }

  /** A web page as the holder of {@code token} sees it (a login's token is its session); 200. */
  public String page(String token, String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Cookie", "shiplock_session=" + token);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200)
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response send(String method, String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body != null) b.header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(resp.statusCode(), resp.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
