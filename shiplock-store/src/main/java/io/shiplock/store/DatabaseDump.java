package io.shiplock.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.h2.tools.RunScript;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A consistent copy of a running store's database in one file, and that file loaded into an empty
 * target. Each store is copied the way its makers promise is consistent while it serves:
 *
 * <ul>
 *   <li>SQLite: {@code VACUUM INTO} on a reading connection: one read transaction on a snapshot of
 *       the write-ahead log, so the copy is the database as of one commit while the writer goes on
 *       (it is never blocked, nor deployments with it).
 *   <li>H2: {@code SCRIPT} in one SERIALIZABLE (snapshot) transaction, gzipped; loaded back with
 *       {@code RUNSCRIPT}. It works for file and in-memory databases alike.
 *   <li>PostgreSQL: {@code pg_dump} (custom format), which reads one snapshot, restored with {@code
 *       pg_restore} in one transaction ({@link PgTools}).
 * </ul>
 */
public final class DatabaseDump {
  private DatabaseDump() {}

  /**
   * A dump in {@code file}, of a store of kind {@code store}, at Flyway schema {@code
   * schemaVersion}; {@code keyFingerprint} is the secret key's fingerprint the database holds (null
   * when none was stored yet).
   */
  public record Taken(String store, Path file, String schemaVersion, String keyFingerprint) {}

  /** The name of the dump file of a store of this kind. */
  public static String fileName(String store) {
    return switch (store) {
      case "sqlite" -> "shiplock.sqlite";
      case "h2" -> "shiplock-h2.sql.gz";
      case "postgresql" -> "shiplock.pgdump";
      default -> throw new IllegalArgumentException("unknown store kind '" + store + "'");
    };
  }

  /** Writes a consistent copy of {@code store}'s database into the empty directory {@code dir}. */
  public static Taken take(JdbcStore store, Path dir) {
    String kind = store.dialect();
    Path file = dir.resolve(fileName(kind));
    // Read before the copy: both change only at a start (migrations, the key's first use or
    // rotation), never while this server runs.
    String schema =
        store
            .readJdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT version FROM flyway_schema_history WHERE success"
                                + " ORDER BY installed_rank DESC LIMIT 1")
                        .mapTo(String.class)
                        .findOne()
                        .orElse("none"));
    String fingerprint =
        store
            .readJdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT fingerprint FROM secret_key_check WHERE id = 1")
                        .mapTo(String.class)
                        .findOne()
                        .orElse(null));
    switch (kind) {
      case "sqlite" ->
          // Autocommit: VACUUM cannot run inside a transaction; it opens its own read transaction.
          store
              .readJdbi()
              .useHandle(h -> h.execute("VACUUM INTO ?", file.toAbsolutePath().toString()));
      case "h2" -> h2Script(store, file);
      case "postgresql" -> PgTools.dump(store.config(), file);
      default -> throw new IllegalStateException("no backup for store " + kind);
    }
    return new Taken(kind, file, schema, fingerprint);
  }

  private static void h2Script(JdbcStore store, Path file) {
    store
        .readJdbi()
        .useTransaction(
            TransactionIsolationLevel.SERIALIZABLE,
            h -> {
              try (BufferedWriter out =
                  new BufferedWriter(
                      new OutputStreamWriter(
                          new GZIPOutputStream(Files.newOutputStream(file)),
                          StandardCharsets.UTF_8))) {
                for (String line : h.createQuery("SCRIPT").mapTo(String.class)) {
                  out.write(line);
                  out.write('\n');
                }
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write the H2 script " + file, e);
              }
            });
  }

  /**
   * Loads a dump of the embedded store ({@code sqlite} or {@code h2}) as {@code home}'s database;
   * the home has no database yet. The database appears whole or not at all: it is built beside its
   * place and moved in last.
   */
  public static void restoreEmbedded(String store, Path dump, Path home) throws IOException {
    Path db = home.resolve("db");
    if (Files.exists(db))
      throw new IllegalStateException("the home " + home + " already has a database (" + db + ")");
    // A home of its own beside the real one, whose db directory moves into place when complete.
    Path staging = Files.createDirectories(home.resolve(".restoring-db"));
    try {
      Path built = Files.createDirectories(staging.resolve("db"));
      switch (store) {
        case "sqlite" -> Files.copy(dump, built.resolve(fileName("sqlite")));
        case "h2" -> h2Load(dump, staging);
        default ->
            throw new IllegalArgumentException(
                "a backup of a " + store + " store is not restored into a home: use --db");
      }
      Files.move(built, db, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(staging)) deleteTree(staging);
    }
  }

  private static void h2Load(Path dump, Path stagingHome) throws IOException {
    // The same URL and options the server opens a home's H2 file with.
    DatabaseConfig c = DatabaseConfig.h2(stagingHome);
    try (Connection conn = DriverManager.getConnection(c.url(), c.user(), c.password());
        Reader in =
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dump)), StandardCharsets.UTF_8)) {
      RunScript.execute(conn, in);
      // The script may keep the database open after its last connection (a copy of an in-memory
      // store says DB_CLOSE_DELAY -1): closed here, before its file moves into the home.
      try (Statement s = conn.createStatement()) {
        s.execute("SHUTDOWN");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the H2 script of the backup did not load: " + e, e);
    }
  }

  /** Loads a PostgreSQL dump into {@code target}, which must be empty, in one transaction. */
  public static void restorePostgres(Path dump, DatabaseConfig target) {
    PgTools.requireEmpty(target);
    PgTools.restore(target, dump);
  }

  /** Refuses (with the reason) a PostgreSQL database that holds any table. */
  public static void requireEmptyPostgres(DatabaseConfig target) {
    PgTools.requireEmpty(target);
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
