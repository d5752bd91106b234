package io.shiplock.cli.e2e;

class PostgresEngineTest extends EngineContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
