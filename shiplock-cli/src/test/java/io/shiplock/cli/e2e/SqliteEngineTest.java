package io.shiplock.cli.e2e;

class SqliteEngineTest extends EngineContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
