package io.shiplock.store;

class PostgresConfigServiceTest extends ConfigServiceContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
