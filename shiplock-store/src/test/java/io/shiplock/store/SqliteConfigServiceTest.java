package io.shiplock.store;

class SqliteConfigServiceTest extends ConfigServiceContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
