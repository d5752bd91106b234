package io.shiplock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A node of a newer build refuses to migrate a shared database's schema while nodes of the older
 * one run on it, unless told to; dead and stopped nodes do not count.
 */
abstract class MigrationGuardContract {
  private static final MigrationGuard GUARD = new MigrationGuard(Duration.ofSeconds(15), false);

  protected abstract DatabaseConfig freshDatabase();

  /** A database at schema version 15 (nodes are recorded from there on) with one node row. */
  private DatabaseConfig olderSchemaWithNode(Instant beat, Instant stopped) throws SQLException {
    DatabaseConfig db = freshDatabase();
    Flyway.configure()
        .dataSource(db.url(), db.user(), db.password())
        .locations("classpath:db/migration/common", "classpath:db/migration/" + db.dialect())
        .failOnMissingLocations(false)
        .target("15")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO node (id, address, version, started_at, heartbeat_at, stopped_at)"
                    + " VALUES ('old-node', '10.0.0.7:8080', '0.0.9', ?, ?, ?)")) {
      OffsetDateTime at = OffsetDateTime.ofInstant(beat, ZoneOffset.UTC);
      s.setObject(1, at);
      s.setObject(2, at);
      s.setObject(3, stopped == null ? null : OffsetDateTime.ofInstant(stopped, ZoneOffset.UTC));
      s.executeUpdate();
    }
    return db;
  }

  @Test
  void aLiveNodeOfTheOlderSchemaStopsTheMigrationUnlessTold() throws Exception {
    DatabaseConfig db = olderSchemaWithNode(Instant.now(), null);
    assertThatThrownBy(() -> JdbcStore.open(db, GUARD))
        .isInstanceOf(MigrationGuard.Refused.class)
        .hasMessageContaining("from version 15 (V16 ")
        .hasMessageContaining("node old-node at 10.0.0.7:8080 (version 0.0.9")
        .hasMessageContaining("--migrate-with-live-nodes");
    try (JdbcStore store = JdbcStore.open(db, new MigrationGuard(Duration.ofSeconds(15), true))) {
      assertThat(store.<Integer>read(r -> r.nodes().list().size()))
          .isEqualTo(1); // migrated and open
    }
  }

  @Test
  void deadAndStoppedNodesDoNotStopTheMigration() throws Exception {
    Instant minuteAgo = Instant.now().minusSeconds(60);
    try (JdbcStore store = JdbcStore.open(olderSchemaWithNode(minuteAgo, null), GUARD)) {
      assertThat(store.<Integer>read(r -> r.nodes().list().size())).isEqualTo(1);
    }
    try (JdbcStore store =
        JdbcStore.open(olderSchemaWithNode(Instant.now(), Instant.now()), GUARD)) {
      assertThat(store.<Integer>read(r -> r.nodes().list().size())).isEqualTo(1);
    }
  }
}
