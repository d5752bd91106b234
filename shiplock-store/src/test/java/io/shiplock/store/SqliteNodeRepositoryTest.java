package io.shiplock.store;

class SqliteNodeRepositoryTest extends NodeRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
