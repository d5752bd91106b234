package io.shiplock.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * A pool that had no connection free is told apart from a database out of reach: Hikari's timeout
 * carries the last connection failure when the database is away, and nothing when the pool was only
 * busy (the exceptions below are built as HikariPool.createTimeoutException builds them).
 */
class DatabaseUnreachableTest {
  private static final String TIMEOUT =
      "shiplock - Connection is not available, request timed out after 5000ms"
          + " (total=16, active=16, idle=0, waiting=40)";

  @Test
  void aBusyPoolIsBusyNotUnreachable() {
    var busy = new RuntimeException(new SQLTransientConnectionException(TIMEOUT, null, null));
    assertThat(DatabaseUnreachable.busy(busy)).isTrue();
  }

  @Test
  void aPoolThatCannotConnectIsUnreachable() {
    var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    refused.initCause(new ConnectException("Connection refused"));
    var away = new RuntimeException(new SQLTransientConnectionException(TIMEOUT, "08001", refused));
    assertThat(DatabaseUnreachable.busy(away)).isFalse();
    assertThat(DatabaseUnreachable.is(away)).isTrue();
  }
}
