package io.shiplock.store;

class PostgresEngineRepositoryTest extends EngineRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
