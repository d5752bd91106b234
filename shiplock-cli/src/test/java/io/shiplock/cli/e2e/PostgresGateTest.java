package io.shiplock.cli.e2e;

class PostgresGateTest extends GateContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
