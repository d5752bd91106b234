package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.store.Store;
import io.shiplock.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabasePoolTest {
  @Test
  void theStoresDefaultUnlessTheEnvironmentSaysHowMany() {
    assertThat(DatabasePool.size(Map.of())).isEmpty();
    assertThat(DatabasePool.size(Map.of("SHIPLOCK_DB_POOL_SIZE", " 12 "))).hasValue(12);
    for (String bad : new String[] {"0", "1", "-3", "201", "lots", "6.5"})
      assertThatThrownBy(() -> DatabasePool.size(Map.of("SHIPLOCK_DB_POOL_SIZE", bad)))
          .hasMessage(
              "SHIPLOCK_DB_POOL_SIZE (--db-pool-size) must be a number of connections from 2 to"
                  + " 200, not '"
                  + bad
                  + "'");
  }

  @Test
  void aPostgresNodeKeepsTheConnectionsItWasGiven() {
    try (TestServer given =
            new TestServer(
                TestDatabases.postgres(),
                TestServer.newHome(),
                Map.of("SHIPLOCK_DB_POOL_SIZE", "3"));
        TestServer defaulted = new TestServer(given)) {
      assertThat(given.server().store().pools()).extracting(Store.Pool::max).containsExactly(3);
      assertThat(defaulted.server().store().pools())
          .extracting(Store.Pool::max)
          .containsExactly(16);
      // Both serve with what they have.
      assertThat(given.send("GET", "/readyz", null, null).status()).isEqualTo(200);
      assertThat(defaulted.send("GET", "/readyz", null, null).status()).isEqualTo(200);
    }
  }

  @Test
  void anH2NodeKeepsEightUnlessTold() {
    try (TestServer h2 = new TestServer(TestDatabases.h2(), TestServer.newHome(), Map.of())) {
      assertThat(h2.server().store().pools()).extracting(Store.Pool::max).containsExactly(8);
    }
  }

  @Test
  void aBadSizeStopsTheStartBeforeTheHomeIsMade() throws Exception {
    Path home = TestServer.newHome();
    Files.delete(home);
    assertThatThrownBy(
            () -> new TestServer(TestDatabases.h2(), home, Map.of("SHIPLOCK_DB_POOL_SIZE", "none")))
        .isInstanceOf(StartRefused.class)
        .hasMessageContaining("SHIPLOCK_DB_POOL_SIZE (--db-pool-size) must be a number");
    assertThat(home).doesNotExist();
  }
}
