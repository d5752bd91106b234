package io.shiplock.store;

class SqliteVersionRepositoryTest extends VersionRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
