package io.shiplock.store;

class PostgresLockRepositoryTest extends LockRepositoryContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
