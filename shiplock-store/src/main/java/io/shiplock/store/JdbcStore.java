package io.shiplock.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.DateClass;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.sqlite.SQLiteConfig.TransactionMode;

/**
 * The store over JDBC: a connection pool, migrations at open, one transaction per call.
 *
 * <p>On SQLite (the embedded store) reads and writes use two pools: writes go through one
 * connection whose transactions begin IMMEDIATE, so they take the database's write lock up front
 * and queue in the pool instead of failing with SQLITE_BUSY when a read transaction tries to become
 * a write; reads run beside them on snapshots of the write-ahead log.
 */
public final class JdbcStore implements Store {
  private final HikariDataSource reads;
  private final HikariDataSource writes;
  private final Jdbi readJdbi;
  private final Jdbi writeJdbi;
  private final GroupCommit groups;
  private final String dialect;
  private final DatabaseConfig config;

  /**
   * When a transaction last ended well ({@link System#nanoTime}), 0 before the first: the database
   * answered then. See {@link #isReady}.
   */
  private volatile long answeredAt;

  /** How recent an answer {@link #isReady} takes for one of its own. */
  static final long ANSWERED_WITHIN_NANOS = 1_000_000_000L;

  // One pool for reads and writes (H2, PostgreSQL) is the same object: identity is the test.
  @SuppressWarnings("ReferenceEquality")
  private JdbcStore(
      HikariDataSource reads, HikariDataSource writes, String dialect, DatabaseConfig config) {
    this.reads = reads;
    this.writes = writes;
    this.readJdbi = jdbi(reads, dialect);
    this.writeJdbi = writes == reads ? readJdbi : jdbi(writes, dialect);
    // One writer (SQLite) commits queued writes together; others commit side by side.
    this.groups = writes == reads ? null : new GroupCommit(writeJdbi);
    this.dialect = dialect;
    this.config = config;
  }

  /** The statement attribute that names the store's dialect, for SQL only some stores take. */
  static final String DIALECT = "shiplock.dialect";

  private static Jdbi jdbi(HikariDataSource ds, String dialect) {
    Jdbi jdbi = Jdbi.create(ds);
    jdbi.define(DIALECT, dialect);
    if (dialect.equals("sqlite")) {
      // SQLite has no row locks and no FOR UPDATE: a write transaction already holds the one
      // write lock from its first statement (BEGIN IMMEDIATE), which is stronger. The one dialect
      // difference of the repositories' SQL, kept here.
      rewriting(jdbi, sql -> sql.replace(" FOR UPDATE SKIP LOCKED", "").replace(" FOR UPDATE", ""));
    } else if (dialect.equals("h2")) {
      // H2's SKIP LOCKED skips more than the locked rows under ORDER BY … LIMIT (a concurrent
      // claim found nothing); H2 is one node's store, so its polls wait for each other instead.
      rewriting(jdbi, sql -> sql.replace(" FOR UPDATE SKIP LOCKED", " FOR UPDATE"));
    }
    return jdbi;
  }

  /**
   * Rewrites each SQL template before Jdbi's own engine sees it. The engine is wrapped with its
   * {@code parse} too: a wrapper with only {@code render} made Jdbi parse every statement's
   * template anew on every execution (its cache keeps parsed templates only), a third of the
   * database time of a step's result on SQLite (bench/step-gap.sh, issue 18).
   */
  private static void rewriting(Jdbi jdbi, UnaryOperator<String> rewrite) {
    TemplateEngine base = jdbi.getConfig(SqlStatements.class).getTemplateEngine();
    jdbi.setTemplateEngine(
        new TemplateEngine() {
          @Override
          public String render(String sql, StatementContext ctx) {
            return base.render(rewrite.apply(sql), ctx);
          }

          @Override
          public Optional<Function<StatementContext, String>> parse(
              String sql, ConfigRegistry config) {
            return base.parse(rewrite.apply(sql), config);
          }
        });
  }

  /** Opens the database and migrates it to the current schema. */
  public static JdbcStore open(DatabaseConfig config) {
    return open(config, MigrationGuard.NONE);
  }

  /**
   * As above; a shared database (H2 or PostgreSQL) is migrated only as {@code guard} allows. The
   * embedded SQLite store is one process's, so it has no other nodes to protect.
   */
  public static JdbcStore open(DatabaseConfig config, MigrationGuard guard) {
    return open(config, guard, defaultPoolSize(config));
  }

  /**
   * Connections a node keeps to a shared database when not told otherwise: 16 to PostgreSQL, 8 to
   * H2. Fewer (6) gave more completed steps a minute in most side-by-side runs on the 2-core
   * machine, but not in every run, and three loaded nodes then had a call wait 5 s for a connection
   * (docs/benchmarks.md, "Connections per node"): not a default to change on that. The embedded
   * SQLite store has its own: one writer, four readers.
   */
  public static int defaultPoolSize(DatabaseConfig config) {
    return config.dialect().equals("h2") ? 8 : 16;
  }

  /**
   * As above, with {@code poolSize} connections to a shared database (the embedded SQLite store
   * keeps its one writer and four readers).
   */
  public static JdbcStore open(DatabaseConfig config, MigrationGuard guard, int poolSize) {
    if (poolSize < 1) throw new IllegalArgumentException("a pool needs at least one connection");
    String dialect = config.dialect();
    if (dialect.equals("sqlite")) return openSqlite(config);
    HikariDataSource ds = pool("shiplock", config, poolSize, null);
    migrate(ds, guard, "classpath:db/migration/common", "classpath:db/migration/" + dialect);
    return new JdbcStore(ds, ds, dialect, config);
  }

  private static JdbcStore openSqlite(DatabaseConfig config) {
    Path file = Path.of(config.url().substring("jdbc:sqlite:".length()));
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store's directory " + file.getParent(), e);
    }
    HikariDataSource writes = pool("shiplock-write", config, 1, sqlite(true));
    HikariDataSource reads = null;
    try {
      migrate(writes, MigrationGuard.NONE, "classpath:db/migration/sqlite");
      reads = pool("shiplock-read", config, 4, sqlite(false));
      return new JdbcStore(reads, writes, "sqlite", config);
    } catch (RuntimeException e) {
      writes.close();
      if (reads != null) reads.close();
      throw e;
    }
  }

  /**
   * The durability settings: WAL with synchronous=FULL syncs the log at every commit, so a commit
   * that returned is on disk (SQLite's own promise,
   * https://sqlite.org/pragma.html#pragma_synchronous).
   */
  private static SQLiteConfig sqlite(boolean writer) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(JournalMode.WAL);
    c.setSynchronous(SynchronousMode.FULL);
    c.enforceForeignKeys(true);
    c.setBusyTimeout(30_000);
    c.setTransactionMode(writer ? TransactionMode.IMMEDIATE : TransactionMode.DEFERRED);
    // Instants as milliseconds since the epoch: ordered, compared and indexed as integers.
    c.setDateClass(DateClass.INTEGER.getValue());
    return c;
  }

  /** How long a call waits for a connection to PostgreSQL. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static HikariDataSource pool(
      String name, DatabaseConfig config, int size, SQLiteConfig sqlite) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    if (config.user() != null) hc.setUsername(config.user());
    if (config.password() != null) hc.setPassword(config.password());
    if (sqlite != null) hc.setDataSourceProperties(sqlite.toProperties());
    hc.setMaximumPoolSize(size);
    hc.setPoolName(name);
    // A call that cannot get a connection to a database server in 5 s fails (the API answers
    // 503: the database is unreachable) instead of holding its client for Hikari's default 30 s.
    // An embedded store keeps the default: its writers queue for the one write connection.
    if (config.url().startsWith("jdbc:postgresql:"))
      hc.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    hc.setAutoCommit(true);
    return new HikariDataSource(hc);
  }

  private static void migrate(HikariDataSource ds, MigrationGuard guard, String... locations) {
    try {
      Flyway flyway =
          Flyway.configure()
              .dataSource(ds)
              .locations(locations)
              .failOnMissingLocations(false)
              .load();
      if (!guard.evenWithLiveNodes()) {
        MigrationInfoService info = flyway.info();
        List<String> pending =
            Arrays.stream(info.pending())
                .map(m -> "V" + m.getVersion() + " " + m.getDescription())
                .toList();
        MigrationInfo now = info.current();
        guard.check(ds, pending, now == null ? "none" : now.getVersion().toString());
      }
      flyway.migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  // The databases default to READ COMMITTED (SQLite: serializable), which is what the
  // repositories are written for. Naming the level per transaction would cost two extra round
  // trips on PostgreSQL (set, reset).
  @Override
  public <T> T read(Function<Repositories, T> work) {
    return answered(readJdbi.inTransaction(h -> work.apply(new JdbiRepositories(h))));
  }

  @Override
  public <T> T write(Function<Repositories, T> work) {
    if (groups != null) return answered(groups.write(work));
    return answered(writeJdbi.inTransaction(h -> work.apply(new JdbiRepositories(h))));
  }

  private <T> T answered(T result) {
    answeredAt = System.nanoTime();
    return result;
  }

  /**
   * True when a transaction ended well within the last second, else when {@code SELECT 1} answers.
   * A pool whose every connection is in use is a busy database, not an away one: its trivial query
   * would wait for a connection (up to 5 s) behind the work, and the readiness probe, which waits 2
   * s, took a loaded node out of its load balancer.
   */
  @Override
  public boolean isReady() {
    long at = answeredAt;
    if (at != 0 && System.nanoTime() - at < ANSWERED_WITHIN_NANOS) return true;
    try {
      return readJdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String dialect() {
    return dialect;
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // one pool for reads and writes: the same object
  public List<Pool> pools() {
    List<Pool> out = new ArrayList<>();
    for (HikariDataSource ds : reads == writes ? List.of(writes) : List.of(reads, writes)) {
      var bean = ds.getHikariPoolMXBean();
      if (bean == null) continue; // not started yet
      out.add(
          new Pool(
              ds.getPoolName(),
              bean.getActiveConnections(),
              bean.getIdleConnections(),
              bean.getThreadsAwaitingConnection(),
              ds.getMaximumPoolSize()));
    }
    return out;
  }

  /** Where this store lives; a backup of it is taken there ({@link DatabaseDump}). */
  DatabaseConfig config() {
    return config;
  }

  /** The writer's Jdbi (on SQLite its one connection), for tests of the group commit. */
  Jdbi writeJdbi() {
    return writeJdbi;
  }

  /** The group commit of the one writer (SQLite), or none where writers run side by side. */
  Optional<GroupCommit> groupCommit() {
    return Optional.ofNullable(groups);
  }

  /** The pool of reads: a backup reads one consistent snapshot beside the writer. */
  Jdbi readJdbi() {
    return readJdbi;
  }

  // One pool for reads and writes (H2, PostgreSQL) is the same object: identity is the test.
  @SuppressWarnings("ReferenceEquality")
  @Override
  public void close() {
    reads.close();
    if (writes != reads) writes.close();
  }
}
