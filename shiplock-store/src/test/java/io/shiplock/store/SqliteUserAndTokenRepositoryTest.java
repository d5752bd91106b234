package io.shiplock.store;

class SqliteUserAndTokenRepositoryTest extends UserAndTokenRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
