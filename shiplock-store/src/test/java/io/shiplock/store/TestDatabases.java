package io.shiplock.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh, empty databases for tests: in-memory H2, a SQLite file (the embedded store), or a new
 * database in the PostgreSQL server named by {@code SHIPLOCK_TEST_PG_URL} (scripts/test.sh starts
 * one and sets it).
 */
public final class TestDatabases {
  public static final String PG_URL_VARIABLE = "SHIPLOCK_TEST_PG_URL";

  private TestDatabases() {}

  public static DatabaseConfig h2() {
    return DatabaseConfig.h2Memory("t" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** A new SQLite file (the embedded store) in the temporary directory, removed at exit. */
  public static DatabaseConfig sqlite() {
    try {
      Path dir = Files.createTempDirectory("shiplock-sqlite");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("test.sqlite");
      for (String suffix : new String[] {"", "-wal", "-shm"})
        dir.resolve("test.sqlite" + suffix).toFile().deleteOnExit();
      return DatabaseConfig.sqlite(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DatabaseConfig postgres() {
    String admin = System.getenv(PG_URL_VARIABLE);
    if (admin == null || admin.isBlank()) {
      throw new IllegalStateException(
          PG_URL_VARIABLE
              + " is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL,"
              + " or point it at a server, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    }
    String name = "shiplock_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name); // a generated identifier, not user input
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database at " + admin, e);
    }
    int slash = admin.indexOf('/', "jdbc:postgresql://".length());
    int query = admin.indexOf('?');
    String url = admin.substring(0, slash + 1) + name + (query < 0 ? "" : admin.substring(query));
    return new DatabaseConfig(url, null, null);
  }

  public static DatabaseConfig of(String dialect) {
    return switch (dialect) {
      case "h2" -> h2();
      case "sqlite" -> sqlite();
      default -> postgres();
    };
  }
}
