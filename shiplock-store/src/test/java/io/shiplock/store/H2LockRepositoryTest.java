package io.shiplock.store;

class H2LockRepositoryTest extends LockRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
