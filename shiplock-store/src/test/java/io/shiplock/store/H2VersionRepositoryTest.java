package io.shiplock.store;

class H2VersionRepositoryTest extends VersionRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
