package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiplock.agent.Agent;
import io.shiplock.agent.AgentSettings;
import io.shiplock.server.TcpForwarder;
import io.shiplock.server.TestServer;
import io.shiplock.server.sources.SourceAccess;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away for 20 s in the middle of a pipeline of shell steps running on a real
 * agent (the node reaches PostgreSQL through a forwarder the test cuts). While it is away the node
 * is not ready and its API answers 503 saying why; the agent keeps the result it holds. When the
 * database is back the pipeline finishes: every step ran once, and its output is in the log once.
 */
class DatabaseOutageTest {
  private static final int STEPS = 8;
  // Longer than the silence after which an agent loses its steps (15 s): the outage is no agent's
  // silence, so no step may fail for it.
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void aPipelineGoesOnWhenTheDatabaseIsBackAndLosesNothing(@TempDir Path dir) throws Exception {
    DatabaseConfig real = TestDatabases.postgres();
    URI pg = URI.create(real.url().substring("jdbc:".length()));
    Path lines = dir.resolve("lines.txt");
    try (TcpForwarder forwarder = new TcpForwarder(pg.getHost(), pg.getPort());
        Cluster cluster =
            new Cluster(
                1,
                Map.of(),
                new DatabaseConfig(
                    real.url().replace(pg.getAuthority(), "127.0.0.1:" + forwarder.port()),
                    real.user(),
                    real.password()),
                SourceAccess.defaults(),
                TestServer::newHome)) {
      TestServer node = cluster.node(0);
      cluster.apply(
          Cluster.pipeline(
              STEPS,
              i -> "echo output of step " + i + "; echo line " + i + " >> " + lines + "; sleep 1"));
      String admin = node.adminToken();
      Cluster.version(node, admin, "Svc", "1.0");
      Agent agent =
          new Agent(
                  new AgentSettings(
                      List.of(node.url()),
                      node.agentToken(admin, "worker"),
                      "worker",
                      Files.createDirectories(dir.resolve("agent"))))
              .start();
      try {
        long id = Cluster.request(node, admin, "DEV", "1.0");
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> Files.exists(lines) && Files.readAllLines(lines).size() >= 2);

        forwarder.cut();
        long cutAt = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(8))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> node.send("GET", "/readyz", null, null).status() == 503);
        long t0 = System.nanoTime();
        TestServer.Response away = node.send("GET", "/api/v1/requests/" + id, admin, null);
        long answeredMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(away.status()).as(away.body()).isEqualTo(503);
        // Within the pool's wait for a connection (5 s), not Hikari's default 30 s.
        assertThat(answeredMillis).isLessThan(8_000);
        assertThat(away.json().get("message").asText()).contains("database");
        assertThat(away.body()).doesNotContain("Exception").doesNotContain("jdbc");
        System.out.printf("API answer while the database is away: %d ms%n", answeredMillis);
        // The outage lasts its 20 s whatever the checks took.
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
        forwarder.open();
        long openAt = System.nanoTime();

        JsonNode ended = Cluster.ended(node, admin, id, Duration.ofMinutes(2));
        System.out.printf(
            "pipeline ended %d ms after the database came back%n",
            (System.nanoTime() - openAt) / 1_000_000);
        assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= STEPS; i++) expected.add("line " + i);
        assertThat(Files.readAllLines(lines)).isEqualTo(expected);
        for (JsonNode s : ended.get("steps")) {
          if (!s.get("type").asText().equals("shell")) continue;
          assertThat(s.get("attempt").asInt()).as(s.toString()).isEqualTo(1);
          String step = s.get("name").asText().substring(1);
          String log =
              node.send("GET", "/api/v1/steps/" + s.get("id").asLong() + "/log", admin, null)
                  .body();
          assertThat(log.split("output of step " + step + "\\\\n", -1)).as(log).hasSize(2);
        }
      } finally {
        agent.close();
      }
    }
  }
}
