package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.TestServer;
import io.shiplock.server.api.Access;
import io.shiplock.server.api.Route;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary secret planted as a secure property must appear nowhere, in no form: in no answer of any
 * readable route, on no request page, in no step log, in no audit entry, in no file under the
 * agent's work directory, and not anywhere in the database. It is planted in a script body (whose
 * file holds the resolved value while the step runs), printed plainly and in every encoding the
 * masking covers, passed in a failing step's arguments, and put into the server-side messages that
 * quote resolved values: a fail step's message, a precondition's error and the error naming an
 * unknown status.
 */
class CanarySecretTest {
  private static final String CANARY =
      "Canary-" + UUID.randomUUID().toString().replace("-", "") + " /+=x";

  @TempDir Path dir;

  @Test
  void theCanaryAppearsNowhere() throws Exception {
    String config =
        """
        kind: Agent
        name: worker
        ---
        kind: Component
        name: Job
        processes:
          - name: leak
            steps:
              - name: show
                type: shell
                with:
                  env: {S: "${p:environment/canary}"}
                  script: |
                    : "${p:environment/canary}"
                    echo "plain $S"
                    echo "script mode $(stat -c %a "$0")"
                    printf '%s' "$S" | base64
                    printf '%s\\n' "$S" | sed 's#%#%25#g; s#/#%2F#g; s#+#%2B#g; s#=#%3D#g; s# #+#g'
                    printf '%s\\n' "$S" | sed 's#/#%2F#g; s#+#%2B#g; s#=#%3D#g; s# #%20#g'
                    printf '%s\\n' "$S" | sed 's#/#%2f#g; s#+#%2b#g; s#=#%3d#g; s# #%20#g'
                    printf '%s' "$S" | od -An -tx1 | tr -d ' \\n'; echo
                    printf '%s' "$S" | od -An -tx1 | tr -d ' \\n' | tr a-f A-F; echo
          - name: record
            steps:
              - {name: keep, type: property.set, with: {name: copy, value: "${p:environment/canary}"}}
          - name: failargs
            steps:
              - name: args
                type: shell
                with:
                  argv: [/bin/sh, -c, 'echo "arg $1"; exit 3', sh, "${p:environment/canary}"]
          - name: badinterpreter
            steps:
              - name: interp
                type: shell
                with: {interpreter: "/nonexistent/${p:environment/canary}", script: "true"}
          - name: mark
            steps:
              - {name: mark, type: version.status.add, with: {status: "${p:environment/canary}"}}
          - name: lock
            steps:
              - {name: take, type: lock.acquire, with: {name: "db-${p:environment/canary}"}}
        ---
        kind: Application
        name: App
        components: [Job]
        processes:
          - {name: leak, steps: [{name: s, type: component.install, with: {component: Job, process: leak}}]}
          - {name: record, steps: [{name: s, type: component.run, with: {component: Job, process: record}}]}
          - {name: failargs, steps: [{name: s, type: component.run, with: {component: Job, process: failargs}}]}
          - {name: badinterpreter, steps: [{name: s, type: component.run, with: {component: Job, process: badinterpreter}}]}
          - {name: mark, steps: [{name: s, type: component.run, with: {component: Job, process: mark}}]}
          - {name: lock, steps: [{name: s, type: component.run, with: {component: Job, process: lock}}]}
          - {name: failmessage, steps: [{name: stop, type: fail, with: {message: "stopped: ${p:environment/canary}"}}]}
          - name: precondition
            steps:
              - {name: guarded, type: fail, precondition: '"${p:environment/canary}" ===', with: {message: x}}
        ---
        kind: Environment
        application: App
        name: Env
        properties:
          canary: {secure: true, value: "CANARY"}
        resources: [{agent: worker, children: [{component: Job}]}]
        """
            .replace("CANARY", CANARY);
    try (InProcessPipeline p = new InProcessPipeline(dir.resolve("agent"), config, "worker")) {
      assertThat(p.post("/api/v1/components/Job/versions", "{\"name\": \"1.0\"}").status())
          .isEqualTo(201);
      JsonNode r = run(p, "leak");
      assertThat(r.get("state").asText()).isEqualTo("SUCCEEDED");
      List<JsonNode> requests = new ArrayList<>(List.of(r));
      JsonNode record = run(p, "record");
      assertThat(record.get("message").asText())
          .contains("property.set may not use a secure value");
      requests.add(record);
      // A lock's name is stored and shown in clear: one built from a secret is refused.
      JsonNode lock = run(p, "lock");
      assertThat(lock.get("message").asText()).contains("lock.acquire may not use a secure value");
      assertThat(lock.toString()).doesNotContain(CANARY);
      for (String process :
          List.of("failargs", "badinterpreter", "mark", "failmessage", "precondition")) {
        JsonNode failed = run(p, process);
        assertThat(failed.get("state").asText()).as(process).isEqualTo("FAILED");
        requests.add(failed);
      }
      assertThat(step(requests.get(4), "mark").get("message").asText())
          .isEqualTo("no status named '****'");
      assertThat(step(requests.get(5), "stop").get("message").asText()).isEqualTo("stopped: ****");
      assertThat(step(requests.get(6), "guarded").get("message").asText())
          .startsWith("step 'guarded': precondition");

      List<Long> ids = requests.stream().map(q -> q.get("id").asLong()).toList();
      List<Long> steps = new ArrayList<>();
      for (JsonNode q : requests) for (JsonNode s : q.get("steps")) steps.add(s.get("id").asLong());
      long show = step(r, "show").get("id").asLong();
      String log = p.server.send("GET", "/api/v1/steps/" + show + "/log", p.token, null).body();
      assertThat(log).contains("plain ****").contains("script mode 600");
      long args = step(requests.get(2), "args").get("id").asLong();
      assertThat(p.server.send("GET", "/api/v1/steps/" + args + "/log", p.token, null).body())
          .contains("arg ****");

      StringBuilder everything = new StringBuilder(log);
      // Every readable route, with every request and step this run made.
      for (Route route : p.server.server().api().routes()) {
        if (route.access() != Access.AUTHENTICATED || !route.method().name().equals("GET"))
          continue;
        String path =
            route
                .path()
                .replace("{application}", "App")
                .replace("{name}", route.path().contains("/agents/") ? "worker" : "Env")
                .replace("{component}", "Job")
                .replace("{comp}", "Job")
                .replace("{inactive}", "false")
                .replace("{version}", "1.0")
                // Any other parameter (a snapshot's name, …): a value that names nothing.
                .replaceAll("\\{(?!id})[^}]+}", "none");
        String q =
            path.contains("/inventory/history")
                ? "?environment=Env&resource=worker%2FJob&component=Job"
                : "";
        for (long id : path.contains("{id}") ? path.contains("/steps/") ? steps : ids : List.of(0L))
          everything.append(
              p.server
                  .send("GET", path.replace("{id}", String.valueOf(id)) + q, p.token, null)
                  .body());
      }
      everything.append(p.server.send("GET", "/api/v1/config/export", p.token, null).body());
      // The request pages and their logs, as a browser signed in as the administrator sees them.
      String cookie = logIn(p.server.url());
      everything.append(page(p.server.url(), "/ui/apps/App", cookie));
      for (long id : ids) {
        everything.append(page(p.server.url(), "/ui/requests/" + id, cookie));
        everything.append(page(p.server.url(), "/ui/requests/" + id + "/log", cookie));
      }
      // Every file under the agent's work directory, names and contents; no step script is left.
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.toList()) {
          everything.append(f).append('\n');
          if (!Files.isRegularFile(f)) continue;
          assertThat(f.getFileName().toString()).doesNotEndWith(".script");
          everything.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
      // The database, all of it, as text.
      var db = p.server.database();
      try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
          ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
        while (rs.next()) everything.append(rs.getString(1)).append('\n');
      }
      String all = everything.toString();
      assertThat(all).contains("no status named '****'"); // the dumps are not empty
      for (String form : forms()) {
        int at = all.indexOf(form);
        assertThat(at)
            .as(
                "form %s found in: …%s…",
                form,
                at < 0
                    ? ""
                    : all.substring(Math.max(0, at - 300), Math.min(all.length(), at + 100)))
            .isNegative();
      }
    }
  }

  /** The canary in clear and in every encoding a step might print it in. */
  private static List<String> forms() {
    byte[] bytes = CANARY.getBytes(StandardCharsets.UTF_8);
    String url = URLEncoder.encode(CANARY, StandardCharsets.UTF_8);
    String url20 = url.replace("+", "%20");
    String hex = HexFormat.of().formatHex(bytes);
    return List.of(
        CANARY,
        Base64.getEncoder().encodeToString(bytes),
        Base64.getEncoder().withoutPadding().encodeToString(bytes),
        url,
        url20,
        url20.replace("%2F", "%2f").replace("%2B", "%2b").replace("%3D", "%3d"),
        hex,
        hex.toUpperCase(Locale.ROOT));
  }

  private static JsonNode run(InProcessPipeline p, String process) {
    long id =
        p.post(
                "/api/v1/requests",
                "{\"application\": \"App\", \"environment\": \"Env\", \"process\": \""
                    + process
                    + "\", \"versions\": {\"Job\": \"1.0\"}}")
            .json()
            .get("id")
            .asLong();
    return p.awaitEnd(id);
  }

  private static JsonNode step(JsonNode request, String name) {
    for (JsonNode s : request.get("steps")) if (s.get("name").asText().equals(name)) return s;
    throw new AssertionError("no step " + name + " in " + request);
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String logIn(String base) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "user=admin&password="
                            + URLEncoder.encode(TestServer.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                            + "&next=%2Fui"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private static String page(String base, String path, String cookie) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }
}
