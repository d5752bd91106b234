package io.shiplock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shiplock.core.store.Store;
import io.shiplock.store.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabasePoolTest {
  @Test
  void sixConnectionsUnlessTheEnvironmentSaysHowMany() {
    assertThat(DatabasePool.size(Map.of())).isEqualTo(6);
    assertThat(DatabasePool.size(Map.of("SHIPLOCK_DB_POOL_SIZE", " 12 "))).isEqualTo(12);
    for (String bad : new String[] {"0", "-3", "201", "lots", "6.5"})
      assertThatThrownBy(() -> DatabasePool.size(Map.of("SHIPLOCK_DB_POOL_SIZE", bad)))
          .hasMessage(
              "SHIPLOCK_DB_POOL_SIZE (--db-pool-size) must be a number of connections from 1 to"
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
      assertThat(defaulted.server().store().pools()).extracting(Store.Pool::max).containsExactly(6);
      // Both serve with what they have.
      assertThat(given.send("GET", "/readyz", null, null).status()).isEqualTo(200);
      assertThat(defaulted.send("GET", "/readyz", null, null).status()).isEqualTo(200);
    }
  }

  @Test
  void aBadSizeStopsTheStartBeforeTheStoreOpens() {
    assertThatThrownBy(
            () ->
                new TestServer(
                    TestDatabases.postgres(),
                    TestServer.newHome(),
                    Map.of("SHIPLOCK_DB_POOL_SIZE", "none")))
        .isInstanceOf(StartRefused.class)
        .hasMessageContaining("SHIPLOCK_DB_POOL_SIZE (--db-pool-size) must be a number");
  }
}
