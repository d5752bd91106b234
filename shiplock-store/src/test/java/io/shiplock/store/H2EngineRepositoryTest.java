package io.shiplock.store;

class H2EngineRepositoryTest extends EngineRepositoryContract {
  @Override
  protected String dialect() {
    return "h2";
  }
}
