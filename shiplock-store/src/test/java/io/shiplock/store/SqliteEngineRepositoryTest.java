package io.shiplock.store;

class SqliteEngineRepositoryTest extends EngineRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
