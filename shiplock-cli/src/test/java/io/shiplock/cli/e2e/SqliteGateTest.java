package io.shiplock.cli.e2e;

class SqliteGateTest extends GateContract {
  @Override
  protected String dialect() {
    return "sqlite";
  }
}
