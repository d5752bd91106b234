package io.shiplock.store;

class H2MigrationGuardTest extends MigrationGuardContract {
  @Override
  protected DatabaseConfig freshDatabase() {
    return TestDatabases.h2();
  }
}
