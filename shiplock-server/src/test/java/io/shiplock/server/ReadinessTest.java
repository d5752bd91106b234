package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the database: a server whose PostgreSQL connection goes through a forwarder is
 * not ready (503, saying the database cannot be reached, within the 2 s limit) while the forwarder
 * is cut, stays alive, and is ready again when the forwarder opens.
 */
class ReadinessTest {
  @Test
  void aServerIsNotReadyWhileItsDatabaseIsAwayAndReadyWhenItIsBack() throws Exception {
    DatabaseConfig real = TestDatabases.postgres();
    URI pg = URI.create(real.url().substring("jdbc:".length()));
    try (TcpForwarder forwarder = new TcpForwarder(pg.getHost(), pg.getPort());
        TestServer server =
            new TestServer(
                new DatabaseConfig(
                    real.url().replace(pg.getAuthority(), "127.0.0.1:" + forwarder.port()),
                    real.user(),
                    real.password()),
                TestServer.newHome(),
                Map.of())) {
      assertThat(server.send("GET", "/readyz", null, null).status()).isEqualTo(200);

      forwarder.cut();
      TestServer.Response away = until(server, 503, Duration.ofSeconds(10));
      assertThat(away.json().get("message").asText())
          .isEqualTo(
              "the database cannot be reached: it did not answer a trivial query within 2000 ms");
      long t0 = System.nanoTime();
      assertThat(server.send("GET", "/readyz", null, null).status()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
      assertThat(server.send("GET", "/healthz", null, null).status()).isEqualTo(200);

      forwarder.open();
      until(server, 200, Duration.ofSeconds(40));
      assertThat(server.send("GET", "/api/v1/nodes", server.adminToken(), null).status())
          .isEqualTo(200);
    }
  }

  private static TestServer.Response until(TestServer server, int status, Duration limit) {
    TestServer.Response r =
        await()
            .atMost(limit)
            .pollInterval(Duration.ofMillis(200))
            .until(() -> server.send("GET", "/readyz", null, null), x -> x.status() == status);
    assertThat(r.status()).as("/readyz: %s", r.body()).isEqualTo(status);
    return r;
  }
}
