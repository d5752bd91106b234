package io.shiplock.store;

class SqliteLockRepositoryTest extends LockRepositoryContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
