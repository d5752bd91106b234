package io.shiplock.store;

class H2NodeRepositoryTest extends NodeRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
