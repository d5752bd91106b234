package io.shiplock.store;

import java.nio.file.Path;

/** Where the store lives: a JDBC URL with optional credentials. */
public record DatabaseConfig(String url, String user, String password) {
  /** The embedded H2 file store under {@code home/db}. */
  public static DatabaseConfig h2(Path home) {
    String file = home.resolve("db").resolve("shiplock").toAbsolutePath().toString();
    // WRITE_DELAY=0: a commit reaches the file before it is acknowledged, so kill -9 of the
    // server loses no acknowledged write (H2 would otherwise batch writes for half a second).
    return new DatabaseConfig("jdbc:h2:file:" + file + H2_OPTIONS + ";WRITE_DELAY=0", "sa", "");
  }

  /** An in-memory H2 database, for tests and benchmarks. */
  public static DatabaseConfig h2Memory(String name) {
    return new DatabaseConfig("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS, "sa", "");
  }

  // PostgreSQL mode keeps one SQL dialect for both stores.
  private static final String H2_OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  public String dialect() {
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
