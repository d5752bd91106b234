package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shiplock.core.store.Store;
import io.shiplock.store.DatabaseConfig;
import io.shiplock.store.TestDatabases;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void aServerWhosePoolIsBusyIsReady() throws Exception {
    // Two connections (the fewest a node takes), 60 callers holding one 100 ms each: a trivial
    // query would queue behind them for about 3 s, past the probe's 2 s, though the database
    // answers all the while.
    try (TestServer server =
        new TestServer(
            TestDatabases.postgres(), TestServer.newHome(), Map.of("SHIPLOCK_DB_POOL_SIZE", "2"))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger done = new AtomicInteger();
      List<Thread> busy = new ArrayList<>();
      for (int i = 0; i < 60; i++)
        busy.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (!stop.get()) {
                        server
                            .server()
                            .store()
                            .write(
                                r -> {
                                  sleep(100);
                                  return null;
                                });
                        done.incrementAndGet();
                      }
                    }));
      try {
        // Most callers queue for the two connections, and the load has been running a while.
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () ->
                    done.get() > 40
                        && server.server().store().pools().stream()
                                .mapToInt(Store.Pool::waiting)
                                .sum()
                            >= 50);
        for (int i = 0; i < 3; i++) {
          TestServer.Response r = server.send("GET", "/readyz", null, null);
          assertThat(r.status()).as("/readyz under load: %s", r.body()).isEqualTo(200);
        }
        assertThat(done.get()).as("the load ran").isGreaterThan(40);
      } finally {
        stop.set(true);
        for (Thread t : busy) t.join();
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
