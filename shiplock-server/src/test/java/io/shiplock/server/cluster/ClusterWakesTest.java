package io.shiplock.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.core.config.SourceFile;
import io.shiplock.server.Fixtures;
import io.shiplock.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one PostgreSQL database: an agent long-polling node B is woken by work that
 * node A queued (LISTEN/NOTIFY), instead of sleeping out its poll: a poll waits at most 5 s and
 * then looks at the queue once more, so work that came without a wake-up arrives at its end. The
 * test asks that the work arrive well before that end (1 s before it), which only a wake-up does.
 */
class ClusterWakesTest {
  private static final String CONFIG = Fixtures.shop("far-agent", "echo hello");

  private TestServer a;
  private TestServer b;

  @BeforeEach
  void start() {
    a = new TestServer("postgresql");
    b = new TestServer(a);
    var applied = a.apply(a.adminToken(), List.of(new SourceFile("shop.yaml", CONFIG)));
    assertThat(applied.status()).as(applied.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
  }

  @Test
  void workQueuedOnOneNodeWakesTheAgentLongPollingAnother() throws Exception {
    String admin = a.adminToken();
    String agent = a.agentToken(admin, "far-agent");
    b.hello(agent);
    assertThat(
            a.send("POST", "/cli/version/createVersion?component=Svc&name=1.0", admin, "").status())
        .isEqualTo(200);

    long[] tookMillis = new long[1];
    CompletableFuture<TestServer.Response> poll =
        CompletableFuture.supplyAsync(
            () -> {
              long t0 = System.nanoTime();
              TestServer.Response r = b.send("GET", "/api/v1/agent/work?wait=5", agent, null);
              tookMillis[0] = (System.nanoTime() - t0) / 1_000_000;
              return r;
            });
    // The poll is waiting on node B.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.server().hub().waiting() == 1);
    var requested =
        a.send(
            "PUT",
            "/cli/applicationProcessRequest/request",
            admin,
            "{\"application\": \"Shop\", \"applicationProcess\": \"deploy\", \"environment\":"
                + " \"DEV\", \"versions\": [{\"component\": \"Svc\", \"version\": \"1.0\"}]}");
    assertThat(requested.status()).as(requested.body()).isEqualTo(200);

    TestServer.Response work = poll.get();
    assertThat(work.status()).isEqualTo(200);
    assertThat(work.json().get("work")).hasSize(1);
    assertThat(work.json().get("work").get(0).get("type").asText()).isEqualTo("shell");
    // Woken, not at the end of its wait: without the wake-up it would answer empty after 3.5-5 s.
    assertThat(tookMillis[0]).isLessThan(4_000);
  }
}
