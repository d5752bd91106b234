package io.shiplock.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.server.api.Access;
import io.shiplock.server.api.Route;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary secret planted as a secure property, used by a step that prints it plainly, in base64
 * and URL-encoded, must appear nowhere: in no answer of any readable route, in no step log, in no
 * audit entry, in no file the agent wrote, and not in clear anywhere in the database.
 */
class CanarySecretTest {
  private static final String CANARY =
      "Canary-" + UUID.randomUUID().toString().replace("-", "") + "/+=x";

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
                    echo "plain $S"
                    printf '%%s' "$S" | base64
                    printf '%%s\\n' "$S" | sed 's#/#%%2F#g; s#+#%%2B#g; s#=#%%3D#g'
          - name: record
            steps:
              - {name: keep, type: property.set, with: {name: copy, value: "${p:environment/canary}"}}
        ---
        kind: Application
        name: App
        components: [Job]
        processes:
          - {name: leak, steps: [{name: s, type: component.install, with: {component: Job, process: leak}}]}
          - {name: record, steps: [{name: s, type: component.run, with: {component: Job, process: record}}]}
        ---
        kind: Environment
        application: App
        name: Env
        properties:
          canary: {secure: true, value: "%s"}
        resources: [{agent: worker, children: [{component: Job}]}]
        """
            .formatted(CANARY);
    try (InProcessPipeline p = new InProcessPipeline(dir.resolve("agent"), config, "worker")) {
      assertThat(p.post("/api/v1/components/Job/versions", "{\"name\": \"1.0\"}").status())
          .isEqualTo(201);
      long id =
          p.post(
                  "/api/v1/requests",
                  "{\"application\": \"App\", \"environment\": \"Env\", \"process\": \"leak\","
                      + " \"versions\": {\"Job\": \"1.0\"}}")
              .json()
              .get("id")
              .asLong();
      JsonNode r = p.awaitEnd(id);
      assertThat(r.get("state").asText()).isEqualTo("SUCCEEDED");
      long recordId =
          p.post(
                  "/api/v1/requests",
                  "{\"application\": \"App\", \"environment\": \"Env\", \"process\": \"record\","
                      + " \"versions\": {\"Job\": \"1.0\"}}")
              .json()
              .get("id")
              .asLong();
      assertThat(p.awaitEnd(recordId).get("message").asText())
          .contains("property.set may not record a secure value");
      long step = 0;
      for (JsonNode s : r.get("steps"))
        if (s.get("name").asText().equals("show")) step = s.get("id").asLong();
      String log = p.server.send("GET", "/api/v1/steps/" + step + "/log", p.token, null).body();
      assertThat(log).contains("plain ****");
      List<String> forms =
          List.of(
              CANARY,
              Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)),
              URLEncoder.encode(CANARY, StandardCharsets.UTF_8),
              CANARY.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D"));
      StringBuilder everything = new StringBuilder(log);
      // Every readable route, with the ids this run made.
      for (Route route : p.server.server().api().routes()) {
        if (route.access() != Access.AUTHENTICATED || !route.method().name().equals("GET"))
          continue;
        String path =
            route
                .path()
                .replace("{application}", "App")
                .replace("{name}", route.path().contains("/agents/") ? "worker" : "Env")
                .replace("{component}", "Job")
                .replace("{version}", "1.0")
                .replace(
                    "{id}",
                    route.path().contains("/steps/") ? String.valueOf(step) : String.valueOf(id));
        String q =
            path.contains("/inventory/history")
                ? "?environment=Env&resource=worker%2FJob&component=Job"
                : "";
        everything.append(p.server.send("GET", path + q, p.token, null).body());
      }
      everything.append(p.server.send("GET", "/api/v1/config/export", p.token, null).body());
      // The agent's files: spool logs and work directories.
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList())
          everything.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
      // The database, all of it, as text.
      var db = p.server.database();
      try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
          ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
        while (rs.next()) everything.append(rs.getString(1)).append('\n');
      }
      String all = everything.toString();
      assertThat(all).contains("Canary-".substring(0, 3)); // the dump is not empty
      for (String form : forms) {
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
}
