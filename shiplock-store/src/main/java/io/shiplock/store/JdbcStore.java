package io.shiplock.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The store over JDBC: a connection pool, migrations at open, one transaction per call. */
public final class JdbcStore implements Store {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final String dialect;

  private JdbcStore(HikariDataSource dataSource, String dialect) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.dialect = dialect;
  }

  /** Opens the database and migrates it to the current schema. */
  public static JdbcStore open(DatabaseConfig config) {
    String dialect = config.dialect();
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    if (config.user() != null) hc.setUsername(config.user());
    if (config.password() != null) hc.setPassword(config.password());
    hc.setMaximumPoolSize(dialect.equals("h2") ? 8 : 16);
    hc.setPoolName("shiplock");
    hc.setAutoCommit(true);
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect)
          .failOnMissingLocations(false)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new JdbcStore(ds, dialect);
  }

  // Both databases default to READ COMMITTED, which is what the repositories are written for.
  // Naming the level per transaction would cost two extra round trips on PostgreSQL (set, reset).
  @Override
  public <T> T read(Function<Repositories, T> work) {
    return jdbi.inTransaction(h -> work.apply(new JdbiRepositories(h)));
  }

  @Override
  public <T> T write(Function<Repositories, T> work) {
    return jdbi.inTransaction(h -> work.apply(new JdbiRepositories(h)));
  }

  @Override
  public boolean isReady() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String dialect() {
    return dialect;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
