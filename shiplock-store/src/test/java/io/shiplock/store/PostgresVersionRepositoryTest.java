package io.shiplock.store;

class PostgresVersionRepositoryTest extends VersionRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
