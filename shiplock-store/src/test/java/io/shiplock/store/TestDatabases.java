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
 * Fresh databases for tests: in-memory H2, a SQLite file (the embedded store), or a new database in
 * the PostgreSQL server named by {@code SHIPLOCK_TEST_PG_URL} (scripts/test.sh starts one and sets
 * it), empty or with the schema.
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

  /** A new, empty PostgreSQL database: no schema yet. */
  public static DatabaseConfig postgres() {
    return postgres(null);
  }

  private static String template;

  /**
   * A new PostgreSQL database with the current schema, copied from one migrated once per test JVM
   * ({@code CREATE DATABASE … TEMPLATE}): the PostgreSQL contract tests migrated every database
   * they made, about half a second each. The migrations insert nothing random, so a copy is what a
   * migration of its own would make. A test of the migrations themselves takes {@link #postgres()}.
   */
  public static synchronized DatabaseConfig postgresMigrated() {
    if (template == null) {
      DatabaseConfig t = postgres();
      JdbcStore.open(t).close(); // migrates, then lets go of every connection: a template has none
      template = name(t.url());
    }
    return postgres(template);
  }

  private static String name(String url) {
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?');
    return url.substring(slash + 1, query < 0 ? url.length() : query);
  }

  private static DatabaseConfig postgres(String from) {
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
      // Generated identifiers, not user input.
      s.execute("CREATE DATABASE " + name + (from == null ? "" : " TEMPLATE " + from));
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
      default -> postgresMigrated();
    };
  }
}
