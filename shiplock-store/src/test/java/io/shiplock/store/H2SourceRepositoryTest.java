package io.shiplock.store;

class H2SourceRepositoryTest extends SourceRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
