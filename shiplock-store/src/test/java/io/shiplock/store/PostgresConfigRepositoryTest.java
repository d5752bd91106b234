package io.shiplock.store;

class PostgresConfigRepositoryTest extends ConfigRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
