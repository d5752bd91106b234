package io.shiplock.cli.e2e;

class PostgresAgentsEndToEndTest extends AgentsEndToEndContract {
  @Override
  protected String dialect() {
    return "postgresql";
  }
}
