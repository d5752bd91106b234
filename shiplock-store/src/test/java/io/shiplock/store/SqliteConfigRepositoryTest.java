package io.shiplock.store;

class SqliteConfigRepositoryTest extends ConfigRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
