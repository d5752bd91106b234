package io.shiplock.store;

class PostgresUserAndTokenRepositoryTest extends UserAndTokenRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
