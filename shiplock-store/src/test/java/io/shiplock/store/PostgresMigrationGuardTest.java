package io.shiplock.store;

class PostgresMigrationGuardTest extends MigrationGuardContract {
  @Override
  protected DatabaseConfig freshDatabase() {
    return TestDatabases.postgres();
  }
}
