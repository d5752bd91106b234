package io.shiplock.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Where the store lives: a JDBC URL with optional credentials. */
public record DatabaseConfig(String url, String user, String password) {
  public DatabaseConfig {
    // An H2 URL given as is (--db jdbc:h2:file:…) gets the options the schema and statements
    // need; without them the first ON CONFLICT statement stopped the start with a syntax error.
    if (url != null
        && url.startsWith("jdbc:h2:")
        && !url.toUpperCase(Locale.ROOT).contains(";MODE=")) url = url + H2_OPTIONS;
  }

  /**
   * The embedded store under {@code home/db}: SQLite in WAL mode with a full sync at every commit
   * (see {@link JdbcStore}), so every acknowledged write survives kill -9 and power loss. A home
   * made by an earlier Shiplock holds an H2 file instead; that one is still opened (with a warning
   * at start, docs/operations.md), because H2 lost acknowledged writes across kill -9.
   */
  public static DatabaseConfig embedded(Path home) {
    Path dir = home.resolve("db");
    if (Files.exists(dir.resolve("shiplock.mv.db")) && !Files.exists(dir.resolve(SQLITE_FILE)))
      return h2(home);
    return sqlite(dir.resolve(SQLITE_FILE));
  }

  /** A SQLite database file. */
  public static DatabaseConfig sqlite(Path file) {
    return new DatabaseConfig("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
  }

  /** The H2 file store of homes made before SQLite became the embedded store. */
  public static DatabaseConfig h2(Path home) {
    String file = home.resolve("db").resolve("shiplock").toAbsolutePath().toString();
    return new DatabaseConfig("jdbc:h2:file:" + file + H2_OPTIONS + ";WRITE_DELAY=0", "sa", "");
  }

  /** An in-memory H2 database, for tests and benchmarks. */
  public static DatabaseConfig h2Memory(String name) {
    return new DatabaseConfig("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS, "sa", "");
  }

  static final String SQLITE_FILE = "shiplock.sqlite";

  // PostgreSQL mode keeps one SQL dialect for both stores.
  private static final String H2_OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  public String dialect() {
    if (url.startsWith("jdbc:sqlite:")) return "sqlite";
    if (url.startsWith("jdbc:h2:")) return "h2";
    if (url.startsWith("jdbc:postgresql:")) return "postgresql";
    throw new IllegalArgumentException(
        "unsupported database URL '"
            + url.replaceAll("password=[^&;]*", "password=****")
            + "': use jdbc:postgresql://… or leave it out for the embedded store");
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + url.replaceAll("password=[^&;]*", "password=****") + "]";
  }
}
