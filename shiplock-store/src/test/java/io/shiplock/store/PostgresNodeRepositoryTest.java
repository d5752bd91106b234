package io.shiplock.store;

class PostgresNodeRepositoryTest extends NodeRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
