package io.shiplock.store;

class H2ConfigRepositoryTest extends ConfigRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
