package io.shiplock.store;

class PostgresSourceRepositoryTest extends SourceRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
