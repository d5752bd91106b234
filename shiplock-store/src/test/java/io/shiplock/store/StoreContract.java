package io.shiplock.store;

import io.shiplock.core.store.Repositories;
import io.shiplock.core.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the contract suites: each test gets a fresh database of the subclass's dialect. Every
 * suite has one subclass per backend (H2 and PostgreSQL), so both stores keep one behaviour.
 */
public abstract class StoreContract {
  protected Store store;
  protected DatabaseConfig database;

  protected abstract String dialect();

  @BeforeEach
  void openStore() {
    database = TestDatabases.of(dialect());
    store = JdbcStore.open(database);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /** A plain JDBC connection to the test database, to look at what is really stored. */
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  protected <T> T read(Function<Repositories, T> work) {
    return store.read(work);
  }

  protected void write(Consumer<Repositories> work) {
    store.write(
        r -> {
          work.accept(r);
          return null;
        });
  }
}
