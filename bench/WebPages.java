import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.core.config.SourceFile;
import io.shiplock.core.model.PropertyValue;
import io.shiplock.server.ServerSettings;
import io.shiplock.server.ShiplockServer;
import io.shiplock.server.sources.SourceAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Response time of each web page on the embedded store (SQLite) with one application of 3 components
 * and 20 environments, 1,000 versions (every other one Passed, each with a commit), a real
 * deployment in each of 19 environments by a real agent (one more waits for approval), and the
 * audit log those leave. Times are measured by an HTTP client on the same host, so they are an
 * upper bound of server time (they include the loopback round trip).
 */
public class WebPages {
  static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  static String url;
  static String token;

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } finally {
      System.exit(0); // whatever happened, leave no server behind
    }
  }

  static void run(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    Path work = Files.createTempDirectory("shiplock-bench-web");
    String dbUrl = null;
    String pg = System.getenv("SHIPLOCK_BENCH_PG");
    if (pg != null) {
      // A fresh database on that PostgreSQL server, so the figures start from the same state.
      String db = "shiplock_bench_" + System.currentTimeMillis();
      try (var c = java.sql.DriverManager.getConnection(pg);
          var st = c.createStatement()) {
        st.execute("CREATE DATABASE " + db);
      }
      dbUrl = pg.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
    }
    System.out.println("store: " + (dbUrl == null ? "embedded (SQLite)" : dbUrl));
    ShiplockServer server =
        ShiplockServer.start(
            new ServerSettings(
                "127.0.0.1", 0, work.resolve("home"), dbUrl, null, null, "bench-admin-password",
                SourceAccess.defaults()),
            System.getenv());
    url = "http://127.0.0.1:" + server.port();
    long adminId = server.store().read(r -> r.users().find("admin")).orElseThrow().id();
    token = server.auth().issue(adminId, "bench", Duration.ofHours(1)).token();
    server.config().apply(List.of(new SourceFile("bench.yaml", config())), false);

    Instant t0 = Instant.now();
    server.store().write(
        r -> {
          for (int i = 1; i <= 1000; i++) {
            String component = i <= 980 ? "api" : i <= 990 ? "web" : "db";
            var v =
                r.versions()
                    .create(
                        component,
                        "1." + i,
                        null,
                        Map.of(
                            "commit.sha", PropertyValue.plain(String.format("%040x", i)),
                            "commit.message", PropertyValue.plain("change number " + i)),
                        "bench",
                        Instant.now());
            if (i % 2 == 0) r.versions().addStatus(v.id(), "Passed", "bench", Instant.now());
          }
          return null;
        });
    System.out.printf("seeded 1,000 versions in %d ms%n", Duration.between(t0, Instant.now()).toMillis());

    String agentToken = json(send("POST", "/api/v1/agents/a1/tokens", "{}", null)).get("token").asText();
    try (Agent agent =
        new Agent(new AgentSettings(url, agentToken, "a1", work.resolve("agent"))).start()) {
      List<Long> ids = new ArrayList<>();
      for (int e = 1; e <= 20; e++) {
        String body =
            "{\"application\": \"Bench\", \"environment\": \"E%02d\", \"process\": \"deploy\", \"versions\": {\"api\": \"1.%d\", \"web\": \"1.990\", \"db\": \"1.1000\"}}"
                .formatted(e, 940 + 2 * e);
        ids.add(json(send("POST", "/api/v1/requests", body, null)).get("id").asLong());
      }
      for (long id : ids) await(id);
      String cookie = login();
      long done = ids.get(0);
      Map<String, String> pages = new LinkedHashMap<>();
      pages.put("dashboard", "/ui");
      pages.put("pipeline (20 environments)", "/ui/apps/Bench");
      pages.put("component (100 newest versions)", "/ui/components/api");
      pages.put("component (all 980 versions)", "/ui/components/api?limit=1000");
      pages.put("request (finished)", "/ui/requests/" + done);
      pages.put("approvals", "/ui/approvals");
      pages.put("agents", "/ui/agents");
      pages.put("audit (500 newest)", "/ui/audit");
      pages.put("settings", "/ui/settings");
      // Not a page: a Prometheus scrape (the admin's token), on the same data (issue 13).
      pages.put("GET /metrics (a scrape)", "/metrics");
      System.out.printf("%-34s %8s %8s %8s %8s%n", "page", "median", "p95", "max", "bytes");
      for (var p : pages.entrySet()) {
        long[] ms = new long[runs];
        int bytes = 0;
        for (int i = 0; i < 50 + runs; i++) {
          long start = System.nanoTime();
          var resp = send("GET", p.getValue(), null, p.getValue().equals("/metrics") ? null : cookie);
          long took = System.nanoTime() - start;
          if (resp.statusCode() != 200)
            throw new IllegalStateException(p.getValue() + " answered " + resp.statusCode());
          bytes = resp.body().length();
          if (i >= 50) ms[i - 50] = took;
        }
        Arrays.sort(ms);
        System.out.printf(
            "%-34s %6.1fms %6.1fms %6.1fms %8d%n",
            p.getKey(),
            ms[runs / 2] / 1e6,
            ms[(int) (runs * 0.95)] / 1e6,
            ms[runs - 1] / 1e6,
            bytes);
      }
    }
    server.close();
  }

  static String config() {
    StringBuilder b =
        new StringBuilder(
            """
            kind: Status
            name: Passed
            scope: version
            color: "#2e7d32"
            ---
            kind: Status
            name: Running
            scope: inventory
            ---
            kind: Agent
            name: a1
            ---
            kind: Role
            name: approvers
            permissions: [view, approve]
            """);
    for (String c : List.of("api", "web", "db"))
      b.append(
          """
          ---
          kind: Component
          name: %s
          environmentProperties: [{name: imageId}]
          processes:
            - name: deploy
              steps:
                - {name: hello, type: shell, with: {argv: [echo, "deploying %s"]}}
                - {name: run, type: inventory.status.add, with: {status: Running}}
                - {name: id, type: property.set, with: {scope: componentEnvironment, name: imageId, value: "sha256:0123456789abcdef0123"}}
          """
              .formatted(c, c));
    b.append(
        """
        ---
        kind: Application
        name: Bench
        components: [api, web, db]
        processes:
          - name: deploy
            steps:
              - {name: api, type: component.install, with: {component: api, process: deploy}}
              - {name: web, type: component.install, with: {component: web, process: deploy}}
              - {name: db, type: component.install, with: {component: db, process: deploy}}
        """);
    for (int e = 1; e <= 20; e++) {
      b.append("---\nkind: Environment\napplication: Bench\nname: E%02d\norder: %d\n".formatted(e, e));
      if (e % 2 == 0) b.append("gate: {allOf: [Passed]}\n");
      if (e == 20) b.append("approval: {required: 1, approvers: [approvers]}\n");
      b.append("resources: [{agent: a1, children: [{component: api}, {component: web}, {component: db}]}]\n");
    }
    return b.toString();
  }

  static HttpResponse<String> send(String method, String path, String body, String cookie)
      throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(url + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) req.header("Cookie", "shiplock_session=" + cookie);
    else req.header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> r) throws Exception {
    if (r.statusCode() >= 300) throw new IllegalStateException(r.statusCode() + " " + r.body());
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
  }

  static void await(long id) throws Exception {
    for (int i = 0; i < 600; i++) {
      String state = json(send("GET", "/api/v1/requests/" + id, null, null)).get("state").asText();
      if (!List.of("QUEUED", "RUNNING").contains(state)) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("request " + id + " did not end");
  }

  static String login() throws Exception {
    var resp =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "user=admin&password=bench-admin-password"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String set = resp.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(set.indexOf('=') + 1, set.indexOf(';'));
  }
}
